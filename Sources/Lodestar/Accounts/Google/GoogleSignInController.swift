import Foundation
import HTTP
import Security
import Web

/// A Google account whose ID token passed every check: the email is verified by Google.
struct VerifiedGoogleIdentity: Sendable, Equatable {
    /// Google's stable id for the account (`sub`).
    var subject: String
    /// Lowercased.
    var email: String
    var name: String?
}

/// `GET /auth/google` and `GET /auth/google/callback`: the OpenID Connect
/// authorization-code flow with `state`, `nonce` and PKCE (S256).
///
/// What happens to a verified identity (whitelist, user and membership, session) is
/// `completeSignIn`'s business; every refusal goes through `recordRefusal` (the audit log)
/// before the person sees its page.
struct GoogleSignInController: Sendable {
    /// Signs the verified person in; the `String?` is where they asked to go afterwards (a
    /// local path already checked, or nil).
    typealias CompleteSignIn = @Sendable (VerifiedGoogleIdentity, String?, HTTPRequest, RequestContext) throws -> HTTPResponse
    typealias RecordRefusal = @Sendable (GoogleSignInError, HTTPRequest, RequestContext) -> Void

    let settings: GoogleSettings
    /// BASE_URL + /auth/google/callback, registered with the provider.
    let redirectURI: String
    /// True when BASE_URL is https: the state cookie is then `Secure` with the `__Host-` prefix.
    let secureCookies: Bool
    let completeSignIn: CompleteSignIn
    let recordRefusal: RecordRefusal
    private let client: GoogleTokenClient
    private let signingKey: [UInt8]

    init(settings: GoogleSettings, baseURL: String, completeSignIn: @escaping CompleteSignIn, recordRefusal: @escaping RecordRefusal) {
        self.settings = settings
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        redirectURI = base + "/auth/google/callback"
        secureCookies = base.lowercased().hasPrefix("https://")
        self.completeSignIn = completeSignIn
        self.recordRefusal = recordRefusal
        client = GoogleTokenClient(settings: settings)
        signingKey = GoogleAuthorizationState.signingKey(clientSecret: settings.clientSecret)
    }

    private var cookieName: String { GoogleAuthorizationState.cookieName(secure: secureCookies) }

    /// Sends the browser to the provider with fresh `state`, `nonce` and PKCE challenge,
    /// remembering them in a signed 10-minute cookie.
    func start(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let authorization = try GoogleAuthorizationState.generate(next: SafeRedirect.path(context.query["next"]))
        var components = URLComponents(url: settings.authorizationURL, resolvingAgainstBaseURL: false)
        var items = components?.queryItems ?? []
        items += [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: settings.clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: authorization.state),
            URLQueryItem(name: "nonce", value: authorization.nonce),
            URLQueryItem(name: "code_challenge", value: authorization.codeChallenge),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        components?.queryItems = items
        // URLComponents leaves `+` alone in queries; a provider would read it as a space.
        let encodedQuery = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = encodedQuery
        guard let location = components?.url?.absoluteString else {
            throw WebError(.internalServerError, "Google sign-in is misconfigured.")
        }
        var response = HTTPResponse(status: .seeOther, headers: ["Location": location, "Cache-Control": "no-store"])
        response.headers.add("Set-Cookie", stateCookie(value: authorization.cookieValue(key: signingKey), maxAge: Int(GoogleAuthorizationState.lifetime)))
        return response
    }

    /// Checks the provider's answer, exchanges the code, validates the ID token and hands
    /// the verified identity to `completeSignIn`. Refusals are recorded, clear the state
    /// cookie and show their page.
    func callback(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let clearCookie: HTTPHeaders = ["Set-Cookie": stateCookie(value: "", maxAge: 0)]
        do {
            var response = try verifyAndComplete(request, context)
            response.headers.add("Set-Cookie", stateCookie(value: "", maxAge: 0))
            return response
        } catch let error as GoogleSignInError {
            recordRefusal(error, request, context)
            throw error.with(headers: clearCookie)
        }
    }

    private func verifyAndComplete(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let query = context.query
        // The state check comes first: an answer that did not start in this browser is
        // refused whatever it says.
        guard let cookie = Self.cookie(named: cookieName, in: request.headers),
              let authorization = GoogleAuthorizationState.fromCookie(cookie, key: signingKey)
        else { throw GoogleSignInError.stateMissing }
        guard let state = query["state"], ConstantTime.equals(Array(state.utf8), Array(authorization.state.utf8)) else {
            throw GoogleSignInError.stateMismatch
        }
        if let error = query["error"] {
            throw error == "access_denied" ? GoogleSignInError.accessDenied : GoogleSignInError.providerError(error)
        }
        guard let code = query["code"], !code.isEmpty else { throw GoogleSignInError.codeMissing }

        let tokens = try client.exchange(code: code, redirectURI: redirectURI, codeVerifier: authorization.codeVerifier)
        let idToken = try IDToken(compact: tokens.id_token)
        let email = try idToken.validate(settings: settings, expectedNonce: authorization.nonce)
        var name = idToken.name
        if name == nil, let accessToken = tokens.access_token {
            name = client.fetchName(accessToken: accessToken)
        }
        let identity = VerifiedGoogleIdentity(subject: idToken.subject, email: email, name: name)
        return try completeSignIn(identity, SafeRedirect.path(authorization.next), request, context)
    }

    private func stateCookie(value: String, maxAge: Int) -> String {
        // Lax, not Strict: the callback is a top-level GET arriving from the provider's site.
        var cookie = "\(cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax"
        if secureCookies { cookie += "; Secure" }
        return cookie
    }

    /// The value of the first cookie called `name` in the request's `Cookie` headers.
    static func cookie(named name: String, in headers: HTTPHeaders) -> String? {
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals] == name {
                    return String(trimmed[trimmed.index(after: equals)...])
                }
            }
        }
        return nil
    }
}
