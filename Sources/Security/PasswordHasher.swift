internal import CArgon2

/// Hashes and verifies passwords with argon2id (libargon2), storing each hash as a PHC
/// string that carries its own salt and parameters:
///
/// ```swift
/// let hasher = PasswordHasher()                       // OWASP parameters
/// let stored = try hasher.hash(password: "correct horse battery staple")
/// // "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>"
/// let result = try hasher.verify(password: attempt, encoded: stored)
/// if result.isMatch, result.needsRehash { /* store try hasher.hash(password: attempt) */ }
/// ```
///
/// Passwords are normalized to Unicode NFC before hashing, so the same characters typed on
/// different systems hash alike. Hashing is deliberately slow (tens of milliseconds and
/// 19 MiB of memory with the defaults); run it off any event loop.
public struct PasswordHasher: Sendable {
    /// The parameters new hashes are made with, and the bar `needsRehash` measures against.
    public var parameters: PasswordHashParameters

    /// Upper bounds on the costs an encoded hash may ask `verify` to spend, so a damaged or
    /// planted hash cannot make one sign-in allocate gigabytes or run for minutes.
    public static let maximumVerifyMemoryKiB: UInt32 = 1 << 21  // 2 GiB
    /// See `maximumVerifyMemoryKiB`.
    public static let maximumVerifyIterations: UInt32 = 64
    /// See `maximumVerifyMemoryKiB`.
    public static let maximumVerifyParallelism: UInt32 = 64

    /// Creates a hasher; the parameters default to OWASP's recommendation.
    public init(parameters: PasswordHashParameters = .owasp) {
        self.parameters = parameters
    }

    /// Hashes `password` with a fresh random salt and returns the PHC string to store.
    public func hash(password: String) throws(PasswordHashError) -> String {
        guard parameters.saltByteCount >= 0 else {
            throw .parametersOutOfRange("the salt length is negative")
        }
        let salt: [UInt8]
        do {
            salt = try SecureRandom.bytes(count: parameters.saltByteCount)
        } catch {
            throw .randomUnavailable(error)
        }
        return try hash(password: password, salt: salt)
    }

    /// Hashes `password` with the given salt. Only for tests and known-answer checks: real
    /// hashes need `hash(password:)`, which draws a fresh salt.
    func hash(password: String, salt: [UInt8]) throws(PasswordHashError) -> String {
        guard parameters.hashByteCount > 0 else {
            throw .parametersOutOfRange("the hash length must be positive")
        }
        let encodedLength = argon2_encodedlen(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            UInt32(clamping: salt.count), UInt32(clamping: parameters.hashByteCount), Argon2_id)
        var encoded = [CChar](repeating: 0, count: encodedLength)
        var password = password.normalizedForPasswordHashing
        let code = password.withUTF8 { passwordBytes in
            salt.withUnsafeBytes { saltBytes in
                encoded.withUnsafeMutableBufferPointer { output in
                    argon2id_hash_encoded(
                        parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                        passwordBytes.baseAddress, passwordBytes.count,
                        saltBytes.baseAddress, saltBytes.count,
                        parameters.hashByteCount,
                        output.baseAddress, output.count)
                }
            }
        }
        guard code == ARGON2_OK.rawValue else { throw .argon2(code: code) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Checks `password` against a stored PHC string.
    ///
    /// A wrong password returns `isMatch == false`; the comparison inside libargon2 runs in
    /// constant time. Throws `PasswordHashError` when the stored string is damaged, is not
    /// argon2id, or asks for more than the `maximumVerify...` limits.
    public func verify(password: String, encoded: String) throws(PasswordHashError) -> PasswordVerification {
        let stored = try EncodedPasswordHash(parsing: encoded)
        guard stored.algorithm == "argon2id" else { throw .unsupportedAlgorithm(stored.algorithm) }
        let costs = stored.parameters
        guard costs.memoryKiB <= Self.maximumVerifyMemoryKiB,
            costs.iterations <= Self.maximumVerifyIterations,
            costs.parallelism <= Self.maximumVerifyParallelism
        else {
            throw .parametersOutOfRange("the stored hash asks for \(costs), above the verification limits")
        }
        var password = password.normalizedForPasswordHashing
        let code = password.withUTF8 { passwordBytes in
            encoded.withCString { encodedString in
                argon2id_verify(encodedString, passwordBytes.baseAddress, passwordBytes.count)
            }
        }
        switch code {
        case ARGON2_OK.rawValue:
            return PasswordVerification(isMatch: true, needsRehash: needsRehash(stored))
        case ARGON2_VERIFY_MISMATCH.rawValue:
            return PasswordVerification(isMatch: false, needsRehash: false)
        default:
            throw .argon2(code: code)
        }
    }

    /// Whether a hash stored with `stored`'s version and parameters falls short of this
    /// hasher's: an older argon2 version, or any of memory, iterations, lanes, salt or hash
    /// length below the current setting.
    public func needsRehash(_ stored: EncodedPasswordHash) -> Bool {
        stored.algorithm != "argon2id"
            || stored.version < EncodedPasswordHash.currentVersion
            || stored.parameters.isWeaker(than: parameters)
    }
}

/// The outcome of checking a password against a stored hash.
public struct PasswordVerification: Sendable, Hashable {
    /// Whether the password is the one the hash was made from.
    public let isMatch: Bool
    /// Whether the password matched and the stored hash was made with weaker parameters
    /// than the hasher's current ones: store a fresh `hash(password:)` now, while the
    /// plain password is at hand. Always false when the password did not match.
    public let needsRehash: Bool

    /// Creates a verification result.
    public init(isMatch: Bool, needsRehash: Bool) {
        self.isMatch = isMatch
        self.needsRehash = isMatch && needsRehash
    }
}
