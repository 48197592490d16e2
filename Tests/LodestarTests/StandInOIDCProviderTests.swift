import Foundation
import Security
import Testing

/// The stand-in provider really enforces what the Google tests rely on: a token request
/// without the right PKCE verifier, client secret or redirect URI, or with a used code,
/// gets no tokens.
@Suite struct StandInOIDCProviderTests {
    private let redirectURI = "http://localhost:8080/auth/google/callback"

    /// An approved authorization for `verifier`; returns its code.
    private func authorize(_ provider: StandInOIDCProvider, verifier: String) throws -> String {
        let challenge = SHA256.hash(verifier).base64URL
        var components = try #require(URLComponents(string: provider.baseURL + "/authorize"))
        components.queryItems = [
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI), URLQueryItem(name: "scope", value: "openid email"),
            URLQueryItem(name: "state", value: "s"), URLQueryItem(name: "nonce", value: "n"),
            URLQueryItem(name: "code_challenge", value: challenge), URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        let reply = try LoopbackHTTP.get(try #require(components.url?.absoluteString))
        try #require(reply.status == 302)
        let location = try #require(reply.headers["Location"].flatMap(URLComponents.init(string:)))
        return try #require(location.queryItems?.first { $0.name == "code" }?.value)
    }

    private func token(_ provider: StandInOIDCProvider, code: String, verifier: String, secret: String? = nil, redirect: String? = nil) throws -> LoopbackHTTP.Reply {
        try LoopbackHTTP.post(provider.baseURL + "/token", form: [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect ?? redirectURI),
            ("client_id", provider.clientID), ("client_secret", secret ?? provider.clientSecret), ("code_verifier", verifier),
        ])
    }

    @Test func tokensOnlyForTheRightVerifierSecretAndRedirectOnce() throws {
        let provider = try StandInOIDCProvider()
        defer { provider.stop() }
        let verifier = try SecureRandom.base64URLToken()

        #expect(try token(provider, code: try authorize(provider, verifier: verifier), verifier: "wrong-verifier").status == 400)
        #expect(try token(provider, code: try authorize(provider, verifier: verifier), verifier: verifier, secret: "nope").status == 401)
        #expect(try token(provider, code: try authorize(provider, verifier: verifier), verifier: verifier, redirect: "http://elsewhere/cb").status == 400)

        let code = try authorize(provider, verifier: verifier)
        let good = try token(provider, code: code, verifier: verifier)
        #expect(good.status == 200)
        #expect(good.body.contains("\"id_token\""))
        #expect(try token(provider, code: code, verifier: verifier).status == 400)  // used once already
    }
}
