import Foundation
import Testing
import Security

@Suite("Base64URL (unpadded)")
struct Base64URLTests {
    @Test("RFC 4648 test vectors without padding", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("uses - and _ where standard base64 uses + and /")
    func urlAlphabet() throws {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(try Base64URL.decode("-_8") == [0xfb, 0xff])
    }

    @Test("round-trips random byte strings of every length up to 100, matching Foundation")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            let viaFoundation = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(encoded == viaFoundation)
            #expect(try Base64URL.decode(encoded) == bytes)
        }
    }

    @Test("rejects characters outside the alphabet, saying where", arguments: [
        ("Zm9v+w", 4), ("Zm9v/w", 4), ("Zm9 vA", 3), ("Zm9v\nA", 4), ("Zm9vYg=", 6), ("Zm9vé", 4), ("Zm9v.A", 4),
    ])
    func invalidCharacters(text: String, offset: Int) {
        let error = #expect(throws: Base64DecodingError.self) { try Base64URL.decode(text) }
        #expect(error?.offset == offset)
    }

    @Test("rejects impossible lengths and non-canonical trailing bits")
    func invalidShapes() {
        #expect(throws: Base64DecodingError.self) { try Base64URL.decode("Z") }
        #expect(throws: Base64DecodingError.self) { try Base64URL.decode("Zm9vY") }
        // "Zh" would carry non-zero bits after the one encoded byte ("Zg" is canonical).
        #expect(throws: Base64DecodingError.self) { try Base64URL.decode("Zh") }
        #expect(throws: Base64DecodingError.self) { try Base64URL.decode("Zm9=") }
    }

    @Test("errors describe the problem")
    func errorDescriptions() {
        let error = #expect(throws: Base64DecodingError.self) { try Base64URL.decode("ab*c") }
        #expect(error?.description == "invalid base64 character '*' at offset 2")
    }
}
