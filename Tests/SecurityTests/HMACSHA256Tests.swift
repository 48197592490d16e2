import Testing
import Security

@Suite("HMAC-SHA256 (RFC 2104, RFC 4231 vectors)")
struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let expectedHex: String
        var testDescription: String { name }
    }

    static let rfc4231: [Vector] = [
        Vector(
            name: "case 1: 20-byte key", key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            name: "case 2: key shorter than the output", key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            name: "case 3: 50 bytes of 0xdd", key: [UInt8](repeating: 0xaa, count: 20),
            data: [UInt8](repeating: 0xdd, count: 50),
            expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            name: "case 4: 25-byte counting key", key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
            expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            name: "case 6: 131-byte key is hashed first", key: [UInt8](repeating: 0xaa, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            name: "case 7: large key and large data", key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test("RFC 4231 test cases 1-4, 6, 7", arguments: rfc4231)
    func vectors(_ vector: Vector) {
        let code = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(code.hex == vector.expectedHex)
    }

    @Test("RFC 4231 test case 5: output truncated to 128 bits")
    func truncated() {
        let code = HMACSHA256.authenticationCode(
            for: Array("Test With Truncation".utf8), key: [UInt8](repeating: 0x0c, count: 20))
        #expect(Hex.encode(code.bytes.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test("incremental updates equal the one-shot code", arguments: rfc4231)
    func incremental(_ vector: Vector) {
        for split in [0, 1, vector.data.count / 2, vector.data.count] {
            var hmac = HMACSHA256(key: vector.key)
            hmac.update(vector.data[0..<split])
            hmac.update(vector.data[split...])
            #expect(hmac.finalize().hex == vector.expectedHex, "split at \(split)")
        }
    }

    @Test("string messages and keys are their UTF-8 bytes")
    func strings() {
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(HMACSHA256.authenticationCode(for: "what do ya want for nothing?", key: Array("Jefe".utf8)).hex == expected)
        var hmac = HMACSHA256(key: "Jefe")
        hmac.update("what do ya want ")
        hmac.update("for nothing?")
        #expect(hmac.finalize().hex == expected)
    }

    @Test("validation accepts the right code and refuses a changed message, key or code")
    func validation() throws {
        let key = Array("a key of some length".utf8)
        let code = HMACSHA256.authenticationCode(for: "session=42", key: key).bytes
        #expect(HMACSHA256.isValidAuthenticationCode(code, for: "session=42", key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code, for: "session=43", key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code, for: "session=42", key: Array("another key".utf8)))
        var flipped = code
        flipped[31] ^= 0x01
        #expect(!HMACSHA256.isValidAuthenticationCode(flipped, for: "session=42", key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode(code.prefix(16), for: "session=42", key: key))
        #expect(HMACSHA256.isValidAuthenticationCode(code, for: Array("session=42".utf8), key: key))
    }
}
