import Testing
import Web

@Suite struct IPAddressTests {
    @Test func parsesIPv4() throws {
        let address = try #require(IPAddress("192.0.2.17"))
        #expect(address.bytes == [192, 0, 2, 17])
        #expect(address.isIPv4)
        #expect(address.description == "192.0.2.17")
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1..3.4", " 1.2.3.4", "a.b.c.d", "1.2.3.4/8", "١.2.3.4"])
    func refusesMalformedIPv4(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func parsesIPv6InEveryForm() throws {
        #expect(IPAddress("::1")?.bytes == [UInt8](repeating: 0, count: 15) + [1])
        #expect(IPAddress("::")?.bytes == [UInt8](repeating: 0, count: 16))
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("2001:db8::")?.description == "2001:db8::")
        #expect(IPAddress("fd00:1:2:3:4:5:6:7")?.description == "fd00:1:2:3:4:5:6:7")
        #expect(IPAddress("2001:0:0:1:0:0:0:1")?.description == "2001:0:0:1::1")
        #expect(IPAddress("1:0:2:3:4:5:6:7")?.description == "1:0:2:3:4:5:6:7")
    }

    @Test func readsAnIPv4MappedAddressAsTheIPv4Address() throws {
        let mapped = try #require(IPAddress("::ffff:192.0.2.1"))
        #expect(mapped.bytes.count == 16)
        #expect(mapped.unmapped == IPAddress("192.0.2.1"))
        #expect(IPAddress("::FFFF:c000:0201")?.unmapped.description == "192.0.2.1")
        #expect(IPAddress("2001:db8::1")?.unmapped == IPAddress("2001:db8::1"))
    }

    @Test func dropsTheZone() {
        #expect(IPAddress("fe80::1%eth0") == IPAddress("fe80::1"))
        #expect(IPAddress("fe80::1%") == nil)
    }

    @Test(arguments: [
        ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "::1.2.3",
        "1.2.3.4::", "::ffff:1.2.3.256", "1:2:3:4:5:6:7::8:9", "[::1]", "::1 ",
    ])
    func refusesMalformedIPv6(_ text: String) {
        #expect(IPAddress(text) == nil)
    }
}
