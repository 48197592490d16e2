internal import CArgon2

/// Why a password could not be hashed or a stored hash could not be checked.
///
/// A wrong password is not an error: `PasswordHasher.verify(password:encoded:)` reports it
/// as `isMatch == false`. These errors mean the stored hash or the configuration is at fault.
public struct PasswordHashError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case argon2(code: Int32)
        case malformedEncodedHash(reason: String)
        case unsupportedAlgorithm(String)
        case parametersOutOfRange(String)
        case randomUnavailable(SecureRandomError)
    }

    private let kind: Kind

    static func argon2(code: Int32) -> PasswordHashError {
        PasswordHashError(kind: .argon2(code: code))
    }

    static func malformedEncodedHash(_ reason: String) -> PasswordHashError {
        PasswordHashError(kind: .malformedEncodedHash(reason: reason))
    }

    static func unsupportedAlgorithm(_ name: String) -> PasswordHashError {
        PasswordHashError(kind: .unsupportedAlgorithm(name))
    }

    static func parametersOutOfRange(_ detail: String) -> PasswordHashError {
        PasswordHashError(kind: .parametersOutOfRange(detail))
    }

    static func randomUnavailable(_ error: SecureRandomError) -> PasswordHashError {
        PasswordHashError(kind: .randomUnavailable(error))
    }

    /// The libargon2 error code behind this error, when libargon2 reported one.
    public var argon2Code: Int32? {
        if case .argon2(let code) = kind { return code }
        return nil
    }

    /// Whether the encoded hash string itself is damaged or not an argon2id PHC string
    /// (as opposed to a configuration or system failure).
    public var isMalformedEncodedHash: Bool {
        switch kind {
        case .malformedEncodedHash, .unsupportedAlgorithm:
            true
        case .argon2(let code):
            code == ARGON2_DECODING_FAIL.rawValue || code == ARGON2_DECODING_LENGTH_FAIL.rawValue
                || code == ARGON2_INCORRECT_TYPE.rawValue
        case .parametersOutOfRange, .randomUnavailable:
            false
        }
    }

    public var description: String {
        switch kind {
        case .argon2(let code):
            "argon2id failed: \(PasswordHashError.message(forArgon2Code: code)) (argon2 code \(code))"
        case .malformedEncodedHash(let reason):
            "the stored password hash is malformed: \(reason)"
        case .unsupportedAlgorithm(let name):
            "the stored password hash uses '\(name)'; only argon2id is supported"
        case .parametersOutOfRange(let detail):
            "password hash parameters out of range: \(detail)"
        case .randomUnavailable(let error):
            "could not make a salt: \(error)"
        }
    }

    private static func message(forArgon2Code code: Int32) -> String {
        switch code {
        case ARGON2_OUTPUT_TOO_SHORT.rawValue: return "the hash length is below argon2's minimum of 4 bytes"
        case ARGON2_OUTPUT_TOO_LONG.rawValue: return "the hash length is above argon2's maximum"
        case ARGON2_PWD_TOO_LONG.rawValue: return "the password is longer than argon2 accepts"
        case ARGON2_SALT_TOO_SHORT.rawValue: return "the salt is shorter than argon2's minimum of 8 bytes"
        case ARGON2_SALT_TOO_LONG.rawValue: return "the salt is longer than argon2 accepts"
        case ARGON2_TIME_TOO_SMALL.rawValue: return "iterations must be at least 1"
        case ARGON2_TIME_TOO_LARGE.rawValue: return "iterations are above argon2's maximum"
        case ARGON2_MEMORY_TOO_LITTLE.rawValue: return "memory must be at least 8 KiB per lane"
        case ARGON2_MEMORY_TOO_MUCH.rawValue: return "memory is above argon2's maximum"
        case ARGON2_LANES_TOO_FEW.rawValue, ARGON2_THREADS_TOO_FEW.rawValue: return "parallelism must be at least 1"
        case ARGON2_LANES_TOO_MANY.rawValue, ARGON2_THREADS_TOO_MANY.rawValue:
            return "parallelism is above argon2's maximum"
        case ARGON2_MEMORY_ALLOCATION_ERROR.rawValue: return "could not allocate the memory argon2 needs"
        case ARGON2_ENCODING_FAIL.rawValue: return "could not write the encoded hash"
        case ARGON2_DECODING_FAIL.rawValue: return "the encoded hash could not be decoded"
        case ARGON2_DECODING_LENGTH_FAIL.rawValue: return "the encoded hash has a salt or hash of the wrong length"
        case ARGON2_INCORRECT_TYPE.rawValue: return "the encoded hash is not argon2id"
        case ARGON2_THREAD_FAIL.rawValue: return "could not start argon2's worker threads"
        default:
            guard let text = argon2_error_message(code) else { return "unknown error" }
            return String(cString: text)
        }
    }
}
