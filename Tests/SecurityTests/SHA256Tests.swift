import Testing
import Security

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    @Test("known answers for the FIPS 180-4 example messages", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func knownAnswers(message: String, expected: String) {
        #expect(SHA256.hash(message).hex == expected)
        #expect(SHA256.hash(Array(message.utf8)).hex == expected)
    }

    @Test("one million 'a' characters")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hex == expected)

        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalize().hex == expected)
    }

    @Test("every split of a message into two or three updates gives the one-shot digest")
    func incrementalSplits() {
        // 200 bytes cross block boundaries at 64, 128 and 192 and the padding edge at 56.
        let message = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 127, 128, 200] {
            let prefix = Array(message[0..<length])
            let expected = SHA256.hash(prefix)
            for split in 0...length {
                var hasher = SHA256()
                hasher.update(prefix[0..<split])
                hasher.update(prefix[split...])
                #expect(hasher.finalize() == expected, "length \(length), split at \(split)")
            }
            if length >= 3 {
                var hasher = SHA256()
                hasher.update(prefix[0..<1])
                hasher.update(prefix[1..<(length - 1)])
                hasher.update(prefix[(length - 1)...])
                #expect(hasher.finalize() == expected, "length \(length), three pieces")
            }
        }
    }

    @Test("finalize leaves the hasher usable for more input")
    func finalizeDoesNotConsume() {
        var hasher = SHA256()
        hasher.update("ab")
        #expect(hasher.finalize() == SHA256.hash("ab"))
        hasher.update("c")
        #expect(hasher.finalize() == SHA256.hash("abc"))
    }

    @Test("non-contiguous sequences and strings hash like their bytes")
    func inputKinds() {
        let text = "héllo wörld"
        let expected = SHA256.hash(Array(text.utf8))
        #expect(SHA256.hash(text.utf8) == expected)
        #expect(SHA256.hash(text) == expected)
        #expect(SHA256.hash(AnySequence(Array(text.utf8))) == expected)
    }

    @Test("digest forms: 32 bytes, hex, base64url, equality")
    func digestForms() {
        let digest = SHA256.hash("abc")
        #expect(digest.bytes.count == 32)
        #expect(digest.description == digest.hex)
        #expect(digest.base64URL == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0")
        #expect(SHA256.Digest(bytes: digest.bytes) == digest)
        #expect(SHA256.Digest(bytes: Array(digest.bytes.dropLast())) == nil)
        #expect(digest != SHA256.hash("abd"))
    }
}
