import Foundation
import Security

/// The claims of an OpenID Connect ID token that sign-in relies on.
///
/// The signature is not checked: the token comes straight from the token endpoint over
/// TLS in answer to our authenticated request (client secret and PKCE verifier), and
/// OpenID Connect Core 1.0 section 3.1.3.7 lets TLS server validation of that endpoint
/// stand in for checking the token's signature in exactly this case. Never accept an ID
/// token from anywhere else (a browser, a query string) with this type.
struct IDToken: Sendable, Equatable {
    var issuer: String
    var audiences: [String]
    var authorizedParty: String?
    var subject: String
    var expiresAt: Int
    var issuedAt: Int
    var nonce: String?
    var email: String?
    var emailVerified: Bool
    var name: String?

    /// Decodes `header.payload.signature` (base64url JSON); throws `.malformedIDToken` when
    /// the shape or a required claim (`iss`, `aud`, `sub`, `exp`, `iat`) is wrong.
    init(compact token: String) throws(GoogleSignInError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = try? Base64URL.decode(String(parts[1])) else {
            throw .malformedIDToken("not a JWT")
        }
        let claims: Claims
        do {
            claims = try JSONDecoder().decode(Claims.self, from: Data(bytes))
        } catch {
            throw .malformedIDToken("claims: \(error)")
        }
        guard !claims.sub.isEmpty else { throw .malformedIDToken("empty sub") }
        issuer = claims.iss
        audiences = claims.aud.values
        authorizedParty = claims.azp
        subject = claims.sub
        expiresAt = claims.exp
        issuedAt = claims.iat
        nonce = claims.nonce
        email = claims.email
        emailVerified = claims.email_verified?.value ?? false
        name = claims.name
    }

    /// The JSON payload as it comes.
    private struct Claims: Decodable {
        var iss: String
        var aud: Audience
        var azp: String?
        var sub: String
        var exp: Int
        var iat: Int
        var nonce: String?
        var email: String?
        var email_verified: Flag?
        var name: String?
    }

    /// `aud` is a string or an array of strings.
    private struct Audience: Decodable {
        var values: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    /// Google has sent `email_verified` as a JSON boolean and, in older tokens, as "true".
    private struct Flag: Decodable {
        var value: Bool
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                value = flag
            } else {
                value = try container.decode(String.self) == "true"
            }
        }
    }

    /// How far clocks may disagree, in seconds.
    static let clockSkew = 120

    /// Checks the token was issued by the provider, for this client, recently, for this
    /// sign-in attempt, and names a verified email, which it returns (lowercased).
    func validate(settings: GoogleSettings, expectedNonce: String, now: Date = Date()) throws(GoogleSignInError) -> String {
        guard settings.acceptedIssuers.contains(issuer) else { throw .claimRejected("iss \(issuer)") }
        guard audiences.contains(settings.clientID) else { throw .claimRejected("aud \(audiences)") }
        // With several audiences the token must name us as the party it was issued to.
        if audiences.count > 1, authorizedParty != settings.clientID {
            throw .claimRejected("azp \(authorizedParty ?? "missing") with several audiences")
        }
        let current = Int(now.timeIntervalSince1970)
        guard expiresAt + Self.clockSkew > current else { throw .claimRejected("expired at \(expiresAt), now \(current)") }
        guard issuedAt <= current + Self.clockSkew, issuedAt <= expiresAt, current - issuedAt < 3600 + Self.clockSkew else {
            throw .claimRejected("iat \(issuedAt) not plausible, now \(current)")
        }
        guard let nonce, ConstantTime.equals(Array(nonce.utf8), Array(expectedNonce.utf8)) else {
            throw .claimRejected("nonce does not match")
        }
        guard let email = email?.trimmingCharacters(in: .whitespaces), email.contains("@") else {
            throw .emailMissing
        }
        guard emailVerified else { throw .emailNotVerified(email.lowercased()) }
        return email.lowercased()
    }
}
