import Testing
import Security

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test("returns the number of bytes asked for, including none and more than one getrandom call")
    func counts() throws {
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
        #expect(try SecureRandom.bytes(count: 1).count == 1)
        #expect(try SecureRandom.bytes(count: 32).count == 32)
        // Above 33554431 bytes getrandom returns short reads; 40 MB exercises the loop.
        let large = try SecureRandom.bytes(count: 40_000_000)
        #expect(large.count == 40_000_000)
        #expect(large.suffix(1024).contains { $0 != 0 })
    }

    @Test("consecutive draws differ")
    func draws() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first != second)
        #expect(first != [UInt8](repeating: 0, count: 32))
    }

    @Test("fill writes every byte of a buffer")
    func fill() throws {
        var buffer = [UInt8](repeating: 0, count: 4096)
        try buffer.withUnsafeMutableBytes { try SecureRandom.fill($0) }
        // 4096 random bytes all being zero in any 64-byte window has probability 2^-512.
        for start in stride(from: 0, to: 4096, by: 64) {
            #expect(buffer[start..<(start + 64)].contains { $0 != 0 })
        }
    }

    @Test("256-bit tokens: 43 base64url characters or 64 hex digits, all different")
    func tokens() throws {
        var seen = Set<String>()
        for _ in 0..<100 {
            let token = try SecureRandom.base64URLToken()
            #expect(token.count == 43)
            #expect(try Base64URL.decode(token).count == 32)
            seen.insert(token)
        }
        #expect(seen.count == 100)

        let hex = try SecureRandom.hexToken()
        #expect(hex.count == 64)
        #expect(Hex.decode(hex)?.count == 32)
        #expect(hex != (try SecureRandom.hexToken()))
        #expect(try SecureRandom.base64URLToken(byteCount: 16).count == 22)
        #expect(try SecureRandom.hexToken(byteCount: 16).count == 32)
    }
}
