import Testing
@testable import Security

@Suite("PasswordHasher (argon2id)")
struct PasswordHasherTests {
    /// Cheap parameters for tests that exercise behaviour rather than cost.
    static let light = PasswordHashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1)

    @Test("defaults are OWASP's: m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte hash")
    func defaults() throws {
        let parameters = PasswordHasher().parameters
        #expect(parameters == .owasp)
        #expect(parameters.memoryKiB == 19456)
        #expect(parameters.iterations == 2)
        #expect(parameters.parallelism == 1)
        #expect(parameters.saltByteCount == 16)
        #expect(parameters.hashByteCount == 32)

        let encoded = try PasswordHasher().hash(password: "a long enough passphrase")
        #expect(encoded.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        let parsed = try EncodedPasswordHash(parsing: encoded)
        #expect(parsed.salt.count == 16)
        #expect(parsed.hash.count == 32)
    }

    @Test("matches the argon2 reference known answer (password / somesalt, m=64 MiB, t=2, p=1)")
    func knownAnswer() throws {
        let hasher = PasswordHasher(parameters: PasswordHashParameters(memoryKiB: 65536, iterations: 2, parallelism: 1))
        let encoded = try hasher.hash(password: "password", salt: Array("somesalt".utf8))
        #expect(encoded == "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
    }

    @Test("hash then verify: the right password matches, a wrong one does not")
    func roundTrip() throws {
        let hasher = PasswordHasher()
        let encoded = try hasher.hash(password: "correct horse battery staple")
        #expect(try hasher.verify(password: "correct horse battery staple", encoded: encoded)
            == PasswordVerification(isMatch: true, needsRehash: false))
        let wrong = try hasher.verify(password: "correct horse battery stapler", encoded: encoded)
        #expect(!wrong.isMatch)
        #expect(!wrong.needsRehash)
        #expect(try !hasher.verify(password: "", encoded: encoded).isMatch)
    }

    @Test("each hash gets its own salt")
    func freshSalts() throws {
        let hasher = PasswordHasher(parameters: Self.light)
        let first = try hasher.hash(password: "same password twice")
        let second = try hasher.hash(password: "same password twice")
        #expect(first != second)
        #expect(try hasher.verify(password: "same password twice", encoded: first).isMatch)
        #expect(try hasher.verify(password: "same password twice", encoded: second).isMatch)
    }

    @Test("Unicode passwords are normalized: composed and decomposed accents verify alike")
    func unicodeNormalization() throws {
        let hasher = PasswordHasher(parameters: Self.light)
        let composed = "p\u{e4}ssw\u{f6}rd m\u{fc}de"
        let decomposed = "pa\u{308}sswo\u{308}rd mu\u{308}de"
        let encoded = try hasher.hash(password: composed)
        #expect(try hasher.verify(password: decomposed, encoded: encoded).isMatch)
        #expect(try !hasher.verify(password: "passwordmude", encoded: encoded).isMatch)

        // NFC bytes go to argon2: same result as libargon2 given the composed UTF-8.
        let known = try PasswordHasher().hash(password: "pa\u{308}ssw\u{f6}rd", salt: Array("somesalt".utf8))
        #expect(known == "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$BGm9zgNfMKm1u+xoCsVORyC15EXNpQ9rW7rA2p2KqvE")
    }

    @Test("needsRehash is true when the stored hash used less memory, fewer iterations or fewer lanes")
    func needsRehash() throws {
        let current = PasswordHasher()
        let weaker: [PasswordHashParameters] = [
            PasswordHashParameters(memoryKiB: 8192, iterations: 2, parallelism: 1),
            PasswordHashParameters(memoryKiB: 19456, iterations: 1, parallelism: 1),
            PasswordHashParameters(memoryKiB: 19456, iterations: 2, parallelism: 1, saltByteCount: 8),
        ]
        for parameters in weaker {
            let encoded = try PasswordHasher(parameters: parameters).hash(password: "an old stored password")
            let result = try current.verify(password: "an old stored password", encoded: encoded)
            #expect(result == PasswordVerification(isMatch: true, needsRehash: true), "\(parameters)")
            // Only a matching password can be rehashed, so a mismatch never asks for it.
            #expect(try current.verify(password: "not the password", encoded: encoded).needsRehash == false)
        }

        let stronger = PasswordHashParameters(memoryKiB: 20480, iterations: 3, parallelism: 2)
        let encoded = try PasswordHasher(parameters: stronger).hash(password: "a newer stored password")
        #expect(try current.verify(password: "a newer stored password", encoded: encoded)
            == PasswordVerification(isMatch: true, needsRehash: false))

        var raised = current
        raised.parameters.iterations = 3
        let today = try current.hash(password: "raised later")
        #expect(try raised.verify(password: "raised later", encoded: today).needsRehash)
    }

    @Test("hashes from argon2 version 1.0 (no v= field) verify and need a rehash")
    func legacyVersion() throws {
        let encoded = try PasswordHasher(parameters: Self.light).hash(password: "written long ago")
        let legacy = encoded.replacingFirst("$v=19", with: "")
        let parsed = try EncodedPasswordHash(parsing: legacy)
        #expect(parsed.version == 0x10)
        #expect(PasswordHasher(parameters: Self.light).needsRehash(parsed))
    }

    /// Applies the named damage to an encoded hash made with `light` parameters.
    static func tamper(_ name: String, _ s: String) -> String {
        switch name {
        case "changed hash character": s.replacingLast(1, with: s.hasSuffix("A") ? "B" : "A")
        case "changed salt": s.replacingFirst("m=1024,t=1,p=1$", with: "m=1024,t=1,p=1$AAAA")
        case "changed memory": s.replacingFirst("m=1024", with: "m=2048")
        case "changed iterations": s.replacingFirst("t=1", with: "t=2")
        case "truncated": String(s.dropLast(10))
        case "last field dropped": s.split(separator: "$", omittingEmptySubsequences: false).dropLast().joined(separator: "$")
        case "empty": ""
        case "not a PHC string": "plaintext-password"
        case "other variant": s.replacingFirst("argon2id", with: "argon2i")
        case "unknown algorithm": s.replacingFirst("argon2id", with: "bcrypt")
        case "parameters reordered": s.replacingFirst("m=1024,t=1,p=1", with: "t=1,m=1024,p=1")
        case "zero lanes": s.replacingFirst("p=1", with: "p=0")
        case "huge memory": s.replacingFirst("m=1024", with: "m=4294967295")
        case "overflowing number": s.replacingFirst("t=1", with: "t=99999999999")
        case "padding after hash": s + "="
        case "extra field": s + "$extra"
        default: s
        }
    }

    @Test("a tampered hash string never verifies and never crashes", arguments: [
        "changed hash character", "changed salt", "changed memory", "changed iterations", "truncated",
        "last field dropped", "empty", "not a PHC string", "other variant", "unknown algorithm",
        "parameters reordered", "zero lanes", "huge memory", "overflowing number", "padding after hash", "extra field",
    ])
    func tampered(name: String) throws {
        let hasher = PasswordHasher(parameters: Self.light)
        let encoded = try hasher.hash(password: "the real password")
        let damaged = Self.tamper(name, encoded)
        #expect(damaged != encoded, "\(name) should change the string")
        do {
            let result = try hasher.verify(password: "the real password", encoded: damaged)
            #expect(!result.isMatch, "\(name) must not verify")
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("malformed stored hashes are reported as such, with a readable message")
    func malformedErrors() {
        let hasher = PasswordHasher(parameters: Self.light)
        let notPHC = #expect(throws: PasswordHashError.self) {
            try hasher.verify(password: "x", encoded: "plaintext-password")
        }
        #expect(notPHC?.isMalformedEncodedHash == true)
        let bcrypt = #expect(throws: PasswordHashError.self) {
            try hasher.verify(password: "x", encoded: "$2b$12$abcdefghijklmnopqrstuv")
        }
        #expect(bcrypt?.description == "the stored password hash uses '2b'; only argon2id is supported")
        let huge = #expect(throws: PasswordHashError.self) {
            try hasher.verify(password: "x", encoded: "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
        }
        #expect(huge?.isMalformedEncodedHash == false)
    }

    @Test("invalid parameters are refused with argon2's reason")
    func invalidParameters() {
        let cases: [(PasswordHashParameters, String)] = [
            (PasswordHashParameters(memoryKiB: 4, iterations: 1, parallelism: 1), "memory must be at least 8 KiB per lane"),
            (PasswordHashParameters(memoryKiB: 1024, iterations: 0, parallelism: 1), "iterations must be at least 1"),
            (PasswordHashParameters(memoryKiB: 1024, iterations: 1, parallelism: 0), "parallelism must be at least 1"),
            (PasswordHashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1, saltByteCount: 4),
             "the salt is shorter than argon2's minimum of 8 bytes"),
            (PasswordHashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1, hashByteCount: 2),
             "the hash length is below argon2's minimum of 4 bytes"),
        ]
        for (parameters, message) in cases {
            let error = #expect(throws: PasswordHashError.self) {
                try PasswordHasher(parameters: parameters).hash(password: "whatever it is")
            }
            #expect(error?.description.contains(message) == true, "\(parameters): \(String(describing: error))")
            #expect(error?.argon2Code != nil)
        }
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    /// Replaces the last `count` characters with `replacement`.
    fileprivate func replacingLast(_ count: Int, with replacement: String) -> String {
        String(dropLast(count)) + replacement
    }
}
