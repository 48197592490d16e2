import Foundation
import Security

/// What `/auth/google` remembers for its callback: the `state` that ties the callback to
/// this browser's request, the `nonce` the ID token must echo, and the PKCE verifier the
/// token request proves possession with.
///
/// It travels in a short-lived cookie, HMAC-signed so the browser can neither forge nor
/// alter it. The signing key is derived from the client secret, so every web process
/// behind a load balancer accepts the cookies of the others without shared state.
struct GoogleAuthorizationState: Sendable, Equatable {
    /// Cookie name; `__Host-` when the site is https (the cookie is then also `Secure`).
    static func cookieName(secure: Bool) -> String { secure ? "__Host-google_auth" : "google_auth" }
    /// How long a person may take on Google's side before the callback is refused.
    static let lifetime: TimeInterval = 600

    var state: String
    var nonce: String
    var codeVerifier: String
    /// Seconds since 1970 when `/auth/google` was answered.
    var issuedAt: Int
    /// Where to go after signing in (a local path), when the sign-in page was given one.
    var next: String?

    /// Fresh random values: 256 bits each.
    static func generate(next: String? = nil, now: Date = Date()) throws -> GoogleAuthorizationState {
        GoogleAuthorizationState(
            state: try SecureRandom.base64URLToken(),
            nonce: try SecureRandom.base64URLToken(),
            codeVerifier: try SecureRandom.base64URLToken(),
            issuedAt: Int(now.timeIntervalSince1970),
            next: next
        )
    }

    /// The PKCE S256 challenge: base64url(SHA-256(verifier)), RFC 7636 section 4.2.
    var codeChallenge: String { Self.challenge(for: codeVerifier) }

    static func challenge(for verifier: String) -> String {
        SHA256.hash(verifier).base64URL
    }

    /// `state.nonce.verifier.issuedAt.next.mac`; every part is base64url or digits, so `.`
    /// cannot occur in them.
    func cookieValue(key: [UInt8]) -> String {
        let payload = "\(state).\(nonce).\(codeVerifier).\(issuedAt).\(Base64URL.encode(Array((next ?? "").utf8)))"
        return payload + "." + HMACSHA256.authenticationCode(for: payload, key: key).base64URL
    }

    /// The state in a cookie value, or nil when it is malformed, its signature does not
    /// match, or it is older than `lifetime` (or from the future).
    static func fromCookie(_ value: String, key: [UInt8], now: Date = Date()) -> GoogleAuthorizationState? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 6, let issuedAt = Int(parts[3]) else { return nil }
        let payload = parts[0..<5].joined(separator: ".")
        guard let mac = try? Base64URL.decode(String(parts[5])),
              HMACSHA256.isValidAuthenticationCode(mac, for: Array(payload.utf8), key: key)
        else { return nil }
        let age = now.timeIntervalSince1970 - TimeInterval(issuedAt)
        guard age >= -60, age <= lifetime else { return nil }
        let next = (try? Base64URL.decode(String(parts[4]))).map { String(decoding: $0, as: UTF8.self) }
        return GoogleAuthorizationState(
            state: String(parts[0]), nonce: String(parts[1]), codeVerifier: String(parts[2]), issuedAt: issuedAt,
            next: next.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// The key the cookie is signed with, derived from the client secret and a label so it
    /// is used for nothing else.
    static func signingKey(clientSecret: String) -> [UInt8] {
        HMACSHA256.authenticationCode(for: "lodestar google authorization state cookie", key: Array(clientSecret.utf8)).bytes
    }
}
