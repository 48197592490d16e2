import Foundation
import HTTP
import HTTPServer
import Security
import Synchronization
import Web

/// A small OpenID Connect provider for tests, served by our own HTTPServer on
/// 127.0.0.1 (a free port). It plays Google's part of the authorization-code flow:
///
/// - `GET /authorize` approves at once as `identity` (or answers `error=access_denied`
///   when `denyNextAuthorization`), redirecting to `redirect_uri` with `code` and `state`;
/// - `POST /token` checks the client id and secret, the code (single use), the
///   `redirect_uri` and the PKCE verifier against the S256 challenge, and answers
///   `{access_token, id_token, token_type, expires_in}`; the ID token's claims come from
///   `identity` and can be bent per test (`issuer`, `audience`, `expiresIn`, `nonce`, ...);
/// - `GET /userinfo` answers `{sub, email, name}` for a valid access token.
final class StandInOIDCProvider: HTTPResponder {
    /// The ID token's claims; nil fields fall back to what a correct provider sends.
    struct Identity: Sendable {
        var subject = "1000001"
        var email = "ada@example.com"
        var emailVerified: Bool = true
        var name: String? = "Ada Lovelace"
        /// The name `/userinfo` gives; nil: `name`.
        var userinfoName: String?
        /// nil: the provider's own issuer.
        var issuer: String?
        /// nil: the client id. A JSON value: a string or an array.
        var audience: [String]?
        var authorizedParty: String?
        /// Seconds from now; negative makes an expired token.
        var expiresIn = 3600
        var issuedAgo = 0
        /// nil: echo the nonce of the authorization request.
        var nonce: String?
    }

    private struct Grant: Sendable {
        var redirectURI: String
        var challenge: String
        var nonce: String
        var identity: Identity
    }

    private struct State: Sendable {
        var identity = Identity()
        var denyNextAuthorization = false
        var failTokenRequests = false
        var grants: [String: Grant] = [:]
        var accessTokens: [String: Identity] = [:]
        var authorizeQueries: [[String: String]] = []
        var tokenRequests = 0
    }

    let clientID: String
    let clientSecret: String
    private let state = Mutex(State())
    private let server: HTTPServer
    private let forwarder = Forwarder()

    /// Starts serving at once; call `stop()` when done.
    init(clientID: String = "test-client", clientSecret: String = "test-secret") throws {
        self.clientID = clientID
        self.clientSecret = clientSecret
        server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerCount: 2),
            responder: forwarder
        )
        forwarder.target.withLock { $0 = WeakProvider(value: self) }
        try server.start()
    }

    // HTTPServer holds its responder strongly; a weak forwarder avoids a cycle.
    private final class Forwarder: HTTPResponder {
        let target = Mutex<WeakProvider?>(nil)
        func bodyLimit(for head: HTTPRequestHead) -> Int { 64 * 1024 }
        func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse {
            guard let provider = target.withLock({ $0?.value }) else { return .text("gone", status: .serviceUnavailable) }
            return provider.respond(to: request, connection: connection)
        }
    }

    private struct WeakProvider: @unchecked Sendable {
        weak var value: StandInOIDCProvider?
    }

    var port: Int { server.boundPort }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var issuer: String { baseURL }

    /// The app's settings pointing at this provider.
    var environment: [String: String] {
        [
            "GOOGLE_CLIENT_ID": clientID, "GOOGLE_CLIENT_SECRET": clientSecret,
            "GOOGLE_AUTH_URL": baseURL + "/authorize", "GOOGLE_TOKEN_URL": baseURL + "/token",
            "GOOGLE_USERINFO_URL": baseURL + "/userinfo", "GOOGLE_ISSUER": issuer,
        ]
    }

    func stop() {
        server.shutdown()
        server.waitUntilStopped()
    }

    var identity: Identity {
        get { state.withLock { $0.identity } }
        set { state.withLock { $0.identity = newValue } }
    }

    func denyNextAuthorization() { state.withLock { $0.denyNextAuthorization = true } }
    func failTokenRequests() { state.withLock { $0.failTokenRequests = true } }
    var authorizeQueries: [[String: String]] { state.withLock { $0.authorizeQueries } }
    var tokenRequestCount: Int { state.withLock { $0.tokenRequests } }

    func bodyLimit(for head: HTTPRequestHead) -> Int { 64 * 1024 }

    func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse {
        switch (request.method, request.path) {
        case (.get, "/authorize"): authorize(QueryParameters(query: request.query))
        case (.post, "/token"): token(request)
        case (.get, "/userinfo"): userinfo(request)
        default: .text("not found", status: .notFound)
        }
    }

    private func authorize(_ query: QueryParameters) -> HTTPResponse {
        var fields: [String: String] = [:]
        for field in query.fields { fields[field.name] = field.value }
        guard fields["response_type"] == "code", fields["client_id"] == clientID,
              let redirectURI = fields["redirect_uri"], let challenge = fields["code_challenge"],
              fields["code_challenge_method"] == "S256", let nonce = fields["nonce"], let state = fields["state"]
        else { return .text("bad authorization request", status: .badRequest) }
        let code = (try? SecureRandom.base64URLToken()) ?? UUID().uuidString
        let deny = self.state.withLock { shared in
            shared.authorizeQueries.append(fields)
            if shared.denyNextAuthorization {
                shared.denyNextAuthorization = false
                return true
            }
            shared.grants[code] = Grant(redirectURI: redirectURI, challenge: challenge, nonce: nonce, identity: shared.identity)
            return false
        }
        let answer = deny
            ? "error=access_denied&state=\(PercentEncoding.encode(state))"
            : "code=\(PercentEncoding.encode(code))&state=\(PercentEncoding.encode(state))"
        let separator = redirectURI.contains("?") ? "&" : "?"
        return HTTPResponse(status: .found, headers: ["Location": redirectURI + separator + answer])
    }

    private func token(_ request: HTTPRequest) -> HTTPResponse {
        guard let form = try? FormData(request: request) else { return oauthError("invalid_request") }
        let outcome: Result<(Grant, String), OAuthFailure> = state.withLock { shared in
            shared.tokenRequests += 1
            if shared.failTokenRequests { return .failure(OAuthFailure(code: "invalid_grant")) }
            guard form["grant_type"] == "authorization_code" else { return .failure(OAuthFailure(code: "unsupported_grant_type")) }
            guard form["client_id"] == clientID, form["client_secret"] == clientSecret else { return .failure(OAuthFailure(code: "invalid_client")) }
            // A code is good once, whatever the outcome of its first use.
            guard let code = form["code"], let grant = shared.grants.removeValue(forKey: code) else {
                return .failure(OAuthFailure(code: "invalid_grant"))
            }
            guard form["redirect_uri"] == grant.redirectURI,
                  let verifier = form["code_verifier"], SHA256.hash(verifier).base64URL == grant.challenge
            else { return .failure(OAuthFailure(code: "invalid_grant")) }
            let accessToken = (try? SecureRandom.base64URLToken()) ?? UUID().uuidString
            shared.accessTokens[accessToken] = grant.identity
            return .success((grant, accessToken))
        }
        switch outcome {
        case .failure(let failure):
            return oauthError(failure.code)
        case .success(let (grant, accessToken)):
            let body: [String: Any] = [
                "access_token": accessToken, "id_token": idToken(for: grant), "token_type": "Bearer", "expires_in": 3599,
            ]
            return json(body)
        }
    }

    private struct OAuthFailure: Error {
        var code: String
    }

    private func userinfo(_ request: HTTPRequest) -> HTTPResponse {
        guard let authorization = request.headers["Authorization"], authorization.hasPrefix("Bearer "),
              let identity = state.withLock({ $0.accessTokens[String(authorization.dropFirst(7))] })
        else { return HTTPResponse(status: .unauthorized, headers: ["WWW-Authenticate": "Bearer"]) }
        var body: [String: Any] = ["sub": identity.subject, "email": identity.email, "email_verified": identity.emailVerified]
        body["name"] = identity.userinfoName ?? identity.name
        return json(body)
    }

    /// A compact JWT signed HS256 with the client secret (the app does not check it: the
    /// token reaches it straight from this endpoint).
    private func idToken(for grant: Grant) -> String {
        let identity = grant.identity
        let now = Int(Date().timeIntervalSince1970)
        var claims: [String: Any] = [
            "iss": identity.issuer ?? issuer,
            "sub": identity.subject,
            "email": identity.email,
            "email_verified": identity.emailVerified,
            "exp": now + identity.expiresIn,
            "iat": now - identity.issuedAgo,
            "nonce": identity.nonce ?? grant.nonce,
        ]
        if let audience = identity.audience {
            claims["aud"] = audience.count == 1 ? audience[0] as Any : audience as Any
        } else {
            claims["aud"] = clientID
        }
        claims["azp"] = identity.authorizedParty
        claims["name"] = identity.name
        let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = Base64URL.encode(Array((try? JSONSerialization.data(withJSONObject: claims)) ?? Data()))
        let signature = HMACSHA256.authenticationCode(for: header + "." + payload, key: Array(clientSecret.utf8)).base64URL
        return header + "." + payload + "." + signature
    }

    private func oauthError(_ code: String) -> HTTPResponse {
        var response = json(["error": code])
        response.status = code == "invalid_client" ? .unauthorized : .badRequest
        return response
    }

    private func json(_ object: [String: Any]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"], body: .bytes(Array(data)))
    }
}
