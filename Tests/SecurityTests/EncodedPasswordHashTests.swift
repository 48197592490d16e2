import Testing
import Security

@Suite("EncodedPasswordHash (PHC strings)")
struct EncodedPasswordHashTests {
    @Test("parses algorithm, version, m, t, p, salt and hash")
    func parses() throws {
        let parsed = try EncodedPasswordHash(
            parsing: "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
        #expect(parsed.algorithm == "argon2id")
        #expect(parsed.version == 19)
        #expect(parsed.parameters.memoryKiB == 65536)
        #expect(parsed.parameters.iterations == 2)
        #expect(parsed.parameters.parallelism == 1)
        #expect(parsed.salt == Array("somesalt".utf8))
        #expect(parsed.parameters.saltByteCount == 8)
        #expect(parsed.hash.count == 32)
        #expect(parsed.parameters.hashByteCount == 32)
    }

    @Test("parses what the hasher writes with custom parameters")
    func parsesOwnOutput() throws {
        let parameters = PasswordHashParameters(memoryKiB: 2048, iterations: 3, parallelism: 2, saltByteCount: 24, hashByteCount: 48)
        let parsed = try EncodedPasswordHash(parsing: PasswordHasher(parameters: parameters).hash(password: "some password"))
        #expect(parsed.parameters == parameters)
    }

    @Test("rejects strings that are not argon2 PHC strings", arguments: [
        "", "$", "argon2id$v=19$m=1,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ", "$argon2id$v=19$m=1,t=1$c29tZXNhbHQ$c29tZXNhbHQ",
        "$argon2id$v=19$m=,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ", "$argon2id$v=19$m=-1,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ",
        "$argon2id$v=19$m=1,t=1,p=1$$c29tZXNhbHQ", "$argon2id$v=19$m=1,t=1,p=1$c29t!XNhbHQ$c29tZXNhbHQ",
        "$argon2id$v=19$m=4294967296,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ", "$scrypt$v=19$m=1,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ",
        "$argon2id$v=19$m=1,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHQ$",
    ])
    func rejects(text: String) {
        #expect(throws: PasswordHashError.self) { try EncodedPasswordHash(parsing: text) }
    }
}
