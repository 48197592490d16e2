import Testing
import Security

@Suite("Hex")
struct HexTests {
    @Test("encodes lowercase, two digits per byte")
    func encode() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test("decodes either case and round-trips every byte value")
    func decode() {
        let all = (0...255).map(UInt8.init)
        #expect(Hex.decode(Hex.encode(all)) == all)
        #expect(Hex.decode("DEADbeef") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("") == [])
    }

    @Test("refuses odd lengths and non-hex characters")
    func invalid() {
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("0x12") == nil)
        #expect(Hex.decode("12 34") == nil)
    }
}
