#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CArgon2

/// Cryptographically secure random bytes from the kernel (getrandom(2) on Linux).
///
/// Every function throws `SecureRandomError` when the kernel cannot supply randomness;
/// none of them ever falls back to a weaker source.
public enum SecureRandom {
    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(SecureRandomError) {
        guard let base = buffer.baseAddress else { return }
        var filled = 0
        while filled < buffer.count {
            let result = getrandom(base + filled, buffer.count - filled, 0)
            if result > 0 {
                // getrandom may return fewer bytes than asked for (large requests, signals).
                filled += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                throw SecureRandomError(code: result < 0 ? errno : 0)
            }
        }
    }

    /// Returns `count` random bytes.
    public static func bytes(count: Int) throws(SecureRandomError) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes(count:) needs a count of zero or more")
        var bytes = [UInt8](repeating: 0, count: count)
        // withUnsafeMutableBytes only rethrows untyped errors, so the failure is carried out.
        let failure: SecureRandomError? = bytes.withUnsafeMutableBytes { buffer in
            do throws(SecureRandomError) {
                try fill(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Returns a random token of `byteCount` bytes (32 by default: 256 bits) as unpadded
    /// base64url, e.g. for session cookies, CSRF tokens and PKCE verifiers. 32 bytes give
    /// 43 characters.
    public static func base64URLToken(byteCount: Int = 32) throws(SecureRandomError) -> String {
        Base64URL.encode(try bytes(count: byteCount))
    }

    /// Returns a random token of `byteCount` bytes (32 by default: 256 bits) as lowercase
    /// hexadecimal. 32 bytes give 64 characters.
    public static func hexToken(byteCount: Int = 32) throws(SecureRandomError) -> String {
        Hex.encode(try bytes(count: byteCount))
    }
}

/// The kernel refused to supply random bytes.
public struct SecureRandomError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case system(errno: Int32)
        case noBytes
    }

    private let kind: Kind

    init(code: Int32) {
        kind = code == 0 ? .noBytes : .system(errno: code)
    }

    /// The `errno` value getrandom(2) reported, if it reported one.
    public var errno: Int32? {
        if case .system(let code) = kind { return code }
        return nil
    }

    public var description: String {
        switch kind {
        case .system(let code):
            let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
            return "secure random bytes unavailable: getrandom failed: \(reason) (errno \(code))"
        case .noBytes:
            return "secure random bytes unavailable: getrandom returned no bytes"
        }
    }
}
