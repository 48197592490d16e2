import Foundation
import Security
import Testing
@testable import Lodestar

@Suite struct IDTokenTests {
    private let settings = GoogleSettings(
        clientID: "client", clientSecret: "secret",
        authorizationURL: URL(fileURLWithPath: "/"), tokenURL: URL(fileURLWithPath: "/"), userinfoURL: URL(fileURLWithPath: "/"),
        acceptedIssuers: ["https://accounts.google.com", "accounts.google.com"])
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func token(_ claims: String) -> String {
        Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(Array(claims.utf8)) + ".c2ln"
    }

    private func claims(iss: String = "accounts.google.com", aud: String = #""client""#, exp: Int = 1_800_000_600,
                        verified: String = "true", nonce: String = "n", iat: Int = 1_800_000_000) -> String {
        #"{"iss":"\#(iss)","aud":\#(aud),"sub":"42","exp":\#(exp),"iat":\#(iat),"nonce":"\#(nonce)","email":"Ada@Example.COM","email_verified":\#(verified)}"#
    }

    @Test func aGoodTokenYieldsTheLowercasedEmail() throws {
        let idToken = try IDToken(compact: token(claims()))
        #expect(try idToken.validate(settings: settings, expectedNonce: "n", now: now) == "ada@example.com")
        #expect(idToken.subject == "42")
        // The bare-host issuer form and the string form of email_verified, as Google documents.
        #expect(try IDToken(compact: token(claims(iss: "https://accounts.google.com", verified: #""true""#)))
            .validate(settings: settings, expectedNonce: "n", now: now) == "ada@example.com")
    }

    @Test func malformedTokensAreRefused() {
        for bad in ["", "a.b", "a.b.c.d", token("not json"), token(#"{"iss":"x"}"#), token(claims().replacingOccurrences(of: #""exp":1800000600"#, with: #""exp":true"#))] {
            #expect(throws: GoogleSignInError.self) { try IDToken(compact: bad) }
        }
    }

    @Test func expiryAllowsASmallClockSkewOnly() throws {
        let justExpired = try IDToken(compact: token(claims(exp: 1_800_000_000 - 60, iat: 1_800_000_000 - 3660)))
        #expect(try justExpired.validate(settings: settings, expectedNonce: "n", now: now) == "ada@example.com")
        let expired = try IDToken(compact: token(claims(exp: 1_800_000_000 - 600, iat: 1_800_000_000 - 4200)))
        #expect(throws: GoogleSignInError.self) { try expired.validate(settings: settings, expectedNonce: "n", now: now) }
    }

    @Test func unverifiedEmailWrongAudienceAndNonceAreRefused() throws {
        for bad in [claims(verified: "false"), claims(aud: #"["other"]"#), claims(nonce: "m"), claims(iss: "https://evil.example")] {
            let idToken = try IDToken(compact: token(bad))
            #expect(throws: GoogleSignInError.self) { try idToken.validate(settings: settings, expectedNonce: "n", now: now) }
        }
    }
}
