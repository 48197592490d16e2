import Foundation
import Security

/// The CSRF token of a visitor without a session (the sign-in form), kept by the browser
/// instead of the server, so nothing is stored for anonymous visitors: a cookie holding
/// `issuedAt.nonce.mac`, where the mac is HMAC-SHA256 over `issuedAt.nonce` under a key
/// only the server knows. The form carries the same value; `CSRFMiddleware` accepts a POST
/// when the two agree, the mac is right and the token is younger than its lifetime. Every
/// process holding the key accepts the others' tokens.
enum SignedFormToken {
    /// What a token from a cookie turned out to be.
    enum Verdict: Equatable {
        case valid(issuedAt: Date)
        case expired
        /// Malformed, or signed with another key.
        case forged
    }

    /// A new token issued at `now`.
    static func issue(key: [UInt8], now: Date) throws -> String {
        let payload = "\(Int(now.timeIntervalSince1970)).\(try SecureRandom.base64URLToken(byteCount: 32))"
        return payload + "." + HMACSHA256.authenticationCode(for: payload, key: key).base64URL
    }

    /// Checks the signature first (so nothing about a forged token is trusted), then the age;
    /// a token from the future (beyond a minute of clock skew) is forged.
    static func check(_ token: String, key: [UInt8], lifetime: TimeInterval, now: Date) -> Verdict {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 12, let seconds = Int(parts[0]), parts[1].utf8.count == 43,
              let mac = try? Base64URL.decode(String(parts[2])),
              HMACSHA256.isValidAuthenticationCode(mac, for: Array(parts[0...1].joined(separator: ".").utf8), key: key)
        else { return .forged }
        let issuedAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        let age = now.timeIntervalSince(issuedAt)
        if age < -60 { return .forged }
        return age > lifetime ? .expired : .valid(issuedAt: issuedAt)
    }
}
