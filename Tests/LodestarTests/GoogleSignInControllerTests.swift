import Foundation
import HTTP
import Security
import Synchronization
import Testing
import Web
@testable import Lodestar

/// The OpenID Connect flow of `GoogleSignInController` against the stand-in provider: the
/// browser's hops go through a TestClient (app) and a socket (provider), the code exchange
/// is the app's own URLSession request to the provider on loopback. What happens after a
/// verified identity (accounts, sessions) is recorded here, and tested with the database
/// in `GoogleSignInTests`.
@Suite struct GoogleSignInControllerTests {
    final class Recorder: Sendable {
        let identities = Mutex<[VerifiedGoogleIdentity]>([])
        let refusals = Mutex<[String]>([])
    }

    struct Harness {
        let provider: StandInOIDCProvider
        let client: TestClient
        let recorder: Recorder
        static let baseURL = "http://localhost:8080"

        init() throws {
            provider = try StandInOIDCProvider()
            let settings = try #require(try GoogleSettings(environment: provider.environment))
            let recorder = Recorder()
            let controller = GoogleSignInController(
                settings: settings, baseURL: Self.baseURL,
                completeSignIn: { identity, _, _, _ in
                    recorder.identities.withLock { $0.append(identity) }
                    return try .redirect(to: "/app")
                },
                recordRefusal: { error, _, _ in recorder.refusals.withLock { $0.append(error.auditAction) } }
            )
            var router = Router()
            router.get("/auth/google", controller.start)
            router.get("/auth/google/callback", controller.callback)
            client = TestClient(try WebResponder(router: router, configuration: .init(log: .discard)))
            self.recorder = recorder
        }

        /// `/auth/google`, then the provider's `/authorize`: the callback target and the
        /// state cookie a browser would now hold.
        func authorize() throws -> (callback: String, cookie: String) {
            let start = client.get("/auth/google")
            try #require(start.status == .seeOther)
            let location = try #require(start.headers["Location"])
            let setCookie = try #require(start.headers["Set-Cookie"])
            let cookie = String(setCookie.prefix { $0 != ";" })
            let reply = try LoopbackHTTP.get(location)
            try #require(reply.status == 302)
            let callback = try #require(reply.headers["Location"])
            try #require(callback.hasPrefix(Self.baseURL + "/auth/google/callback?"))
            return (String(callback.dropFirst(Self.baseURL.count)), cookie)
        }

        /// The whole browser round trip, ending with the app's answer to the callback.
        func signIn() throws -> TestResponse {
            let (callback, cookie) = try authorize()
            return client.get(callback, headers: ["Cookie": cookie])
        }

        var identities: [VerifiedGoogleIdentity] { recorder.identities.withLock { $0 } }
        var refusals: [String] { recorder.refusals.withLock { $0 } }
    }

    @Test func startRedirectsToTheProviderWithStateNonceAndPKCE() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        let response = harness.client.get("/auth/google")
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"].flatMap(URLComponents.init(string:)))
        #expect(location.path == "/authorize")
        var query: [String: String] = [:]
        for item in location.queryItems ?? [] { query[item.name] = item.value }
        #expect(query["response_type"] == "code")
        #expect(query["client_id"] == "test-client")
        #expect(query["redirect_uri"] == "http://localhost:8080/auth/google/callback")
        #expect(query["scope"] == "openid email profile")
        #expect(query["code_challenge_method"] == "S256")
        #expect(query["code_challenge"]?.count == 43)
        #expect(query["state"]?.count == 43)  // 256 bits, base64url
        #expect(query["nonce"]?.count == 43)
        #expect(query["state"] != query["nonce"])

        let cookie = try #require(response.headers["Set-Cookie"])
        #expect(cookie.hasPrefix("google_auth="))
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        #expect(cookie.contains("Max-Age=600"))
        // The verifier stays with the server side of the flow: never in the redirect.
        let state = try #require(GoogleAuthorizationState.fromCookie(
            String(cookie.dropFirst("google_auth=".count).prefix { $0 != ";" }),
            key: GoogleAuthorizationState.signingKey(clientSecret: "test-secret")))
        #expect(query["code_challenge"] == SHA256.hash(state.codeVerifier).base64URL)
        #expect(!(response.headers["Location"] ?? "").contains(state.codeVerifier))

        // Each start is a fresh attempt.
        let again = harness.client.get("/auth/google").headers["Location"]
        #expect(again != response.headers["Location"])
    }

    @Test func aGoodAnswerYieldsTheVerifiedIdentity() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.identity.email = "Ada@Example.com"
        let response = try harness.signIn()
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app")
        #expect(response.headers.values("Set-Cookie").contains { $0.hasPrefix("google_auth=;") && $0.contains("Max-Age=0") })
        #expect(harness.identities == [VerifiedGoogleIdentity(subject: "1000001", email: "ada@example.com", name: "Ada Lovelace")])
        #expect(harness.refusals.isEmpty)
    }

    @Test func theNameComesFromUserinfoWhenTheTokenLacksIt() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.identity.name = nil
        harness.provider.identity.userinfoName = "Ada from userinfo"
        #expect(try harness.signIn().status == .seeOther)
        #expect(harness.identities.first?.name == "Ada from userinfo")
    }

    @Test func anAudienceListNamingUsAsAuthorizedPartyIsAccepted() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.identity.audience = ["test-client", "someone-else"]
        harness.provider.identity.authorizedParty = "test-client"
        #expect(try harness.signIn().status == .seeOther)
        #expect(harness.identities.count == 1)
    }

    @Test func aForgedStateIsRefusedBeforeTheCodeIsUsed() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        let (callback, cookie) = try harness.authorize()
        let forged = callback.replacingOccurrences(of: "state=", with: "state=x")
        let response = harness.client.get(forged, headers: ["Cookie": cookie])
        #expect(response.status == .forbidden)
        #expect(response.text.contains("could not be matched to the one started in this browser"))
        #expect(harness.refusals == ["google_sign_in.state_mismatch"])
        #expect(harness.identities.isEmpty)
        #expect(harness.provider.tokenRequestCount == 0)
    }

    @Test func aCallbackWithoutTheStateCookieIsRefused() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        let (callback, cookie) = try harness.authorize()
        let missing = harness.client.get(callback)
        #expect(missing.status == .badRequest)
        #expect(missing.text.contains("expired or was started in another browser"))

        // A cookie whose signature does not match counts as missing.
        let tampered = harness.client.get(callback, headers: ["Cookie": cookie.replacingOccurrences(of: "google_auth=", with: "google_auth=A")])
        #expect(tampered.status == .badRequest)
        #expect(harness.refusals == ["google_sign_in.state_missing", "google_sign_in.state_missing"])
        #expect(harness.identities.isEmpty)
        #expect(harness.provider.tokenRequestCount == 0)
    }

    /// One way an ID token can be wrong.
    enum BadClaim: String, CaseIterable, Sendable {
        case wrongNonce, wrongAudience, severalAudiencesWithoutAuthorizedParty, wrongIssuer, expired, issuedInTheFuture

        func apply(to identity: inout StandInOIDCProvider.Identity) {
            switch self {
            case .wrongNonce: identity.nonce = "not-the-nonce"
            case .wrongAudience: identity.audience = ["another-client"]
            case .severalAudiencesWithoutAuthorizedParty: identity.audience = ["test-client", "another-client"]
            case .wrongIssuer: identity.issuer = "https://evil.example"
            case .expired: identity.expiresIn = -600
            case .issuedInTheFuture: identity.issuedAgo = -3600
            }
        }
    }

    @Test(arguments: BadClaim.allCases)
    func aTokenWithABadClaimIsRefused(_ claim: BadClaim) throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        claim.apply(to: &harness.provider.identity)
        let response = try harness.signIn()
        #expect(response.status == .forbidden)
        #expect(response.text.contains("answer could not be verified, so you are not signed in"))
        #expect(harness.refusals == ["google_sign_in.id_token_rejected"])
        #expect(harness.identities.isEmpty)
    }

    @Test func anUnverifiedEmailIsRefused() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.identity.emailVerified = false
        let response = try harness.signIn()
        #expect(response.status == .forbidden)
        #expect(response.text.contains("ada@example.com has not verified its email address"))
        #expect(harness.refusals == ["google_sign_in.email_not_verified"])
        #expect(harness.identities.isEmpty)
    }

    @Test func cancellingAtTheProviderShowsAFriendlyPage() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.denyNextAuthorization()
        let response = try harness.signIn()
        #expect(response.status == .unauthorized)
        #expect(response.text.contains("Google sign-in was cancelled"))
        #expect(harness.refusals == ["google_sign_in.cancelled"])
        #expect(harness.provider.tokenRequestCount == 0)
    }

    @Test func aFailingTokenEndpointShowsAnErrorWithoutItsDetail() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        harness.provider.failTokenRequests()
        let response = try harness.signIn()
        #expect(response.status.code == 502)
        #expect(response.text.contains("Google did not complete the sign-in"))
        #expect(!response.text.contains("invalid_grant"))
        #expect(harness.refusals == ["google_sign_in.token_exchange_failed"])
        #expect(harness.identities.isEmpty)
    }

    @Test func aCodeWorksOnce() throws {
        let harness = try Harness()
        defer { harness.provider.stop() }
        let (callback, cookie) = try harness.authorize()
        #expect(harness.client.get(callback, headers: ["Cookie": cookie]).status == .seeOther)
        // Replaying the same callback (with the old cookie) reaches the provider, which refuses the used code.
        #expect(harness.client.get(callback, headers: ["Cookie": cookie]).status.code == 502)
        #expect(harness.identities.count == 1)
    }
}
