import Foundation
import Testing
import Security

@Suite("Base64 (standard, padded, strict)")
struct Base64Tests {
    @Test("RFC 4648 test vectors", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) throws {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("round-trips random byte strings and agrees with Foundation both ways")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(try Base64.decode(encoded) == bytes)
            #expect(Data(base64Encoded: encoded).map(Array.init) == bytes)
        }
    }

    @Test("rejects missing padding, misplaced padding, whitespace and the URL alphabet", arguments: [
        "Zg", "Zm9vYg", "Zm9vYg=", "Zg=a", "Z===", "====", "Zm9v\n", " Zm9v", "Zm9v-_8=", "Zm 9v",
    ])
    func invalid(text: String) {
        #expect(throws: Base64DecodingError.self) { try Base64.decode(text) }
    }

    @Test("rejects non-canonical trailing bits")
    func nonCanonical() {
        #expect(throws: Base64DecodingError.self) { try Base64.decode("Zh==") }
        #expect(throws: Base64DecodingError.self) { try Base64.decode("Zm9=") }
    }

    @Test("decodes bytes as well as strings")
    func byteInput() throws {
        #expect(try Base64.decode(Array("Zm9vYmFy".utf8)) == Array("foobar".utf8))
    }
}
