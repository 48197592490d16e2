import Testing
import Web

@Suite struct AddressRangeTests {
    func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test func anIPv4RangeContainsItsAddressesOnly() throws {
        let range = try #require(AddressRange("10.0.0.0/8"))
        #expect(range.contains(try address("10.255.1.2")))
        #expect(!range.contains(try address("11.0.0.1")))
        #expect(!range.contains(try address("::1")))
        let odd = try #require(AddressRange("192.168.4.0/22"))
        #expect(odd.contains(try address("192.168.7.255")))
        #expect(!odd.contains(try address("192.168.8.0")))
    }

    @Test func aSingleAddressIsARangeOfOne() throws {
        let range = try #require(AddressRange("127.0.0.1"))
        #expect(range.prefixLength == 32)
        #expect(range.contains(try address("127.0.0.1")))
        #expect(!range.contains(try address("127.0.0.2")))
        #expect(AddressRange("0.0.0.0/0")?.contains(try address("203.0.113.9")) == true)
    }

    @Test func anIPv6RangeContainsItsAddressesOnly() throws {
        let range = try #require(AddressRange("fd00::/8"))
        #expect(range.contains(try address("fd12:3456::1")))
        #expect(!range.contains(try address("fe80::1")))
        #expect(!range.contains(try address("10.0.0.1")))
        #expect(AddressRange("::1")?.contains(try address("::1")) == true)
        #expect(AddressRange("2001:db8::/33")?.contains(try address("2001:db8:7fff::1")) == true)
        #expect(AddressRange("2001:db8::/33")?.contains(try address("2001:db8:8000::1")) == false)
    }

    @Test func mappedAddressesMatchIPv4Ranges() throws {
        #expect(AddressRange("127.0.0.1")?.contains(try address("::ffff:127.0.0.1")) == true)
        let mappedRange = try #require(AddressRange("::ffff:10.0.0.0/104"))
        #expect(mappedRange.contains(try address("10.9.8.7")))
        #expect(mappedRange.description == "10.0.0.0/8")
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "/8", "10.0.0/8", "fd00::/x", "localhost", "10.0.0.0/ 8"])
    func refusesMalformedRanges(_ text: String) {
        #expect(AddressRange(text) == nil)
    }

    @Test func aSettingListParsesAndNamesTheBadEntry() throws {
        let proxies = try TrustedProxies(parsing: " 127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,")
        #expect(proxies.ranges.map(\.description) == ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"])
        #expect(try TrustedProxies(parsing: "").isEmpty)
        #expect(throws: TrustedProxiesError.self) { try TrustedProxies(parsing: "127.0.0.1, 10.0.0.300/8") }
        do {
            _ = try TrustedProxies(parsing: "127.0.0.1, nginx.internal")
            Issue.record("accepted a host name")
        } catch {
            #expect(error.entry == "nginx.internal")
            #expect(error.description.contains("'nginx.internal'"))
        }
    }
}
