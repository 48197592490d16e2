import Foundation

/// Where Google sign-in talks to and with which credentials, from the environment:
/// `GOOGLE_CLIENT_ID`, `GOOGLE_CLIENT_SECRET` (both needed, else the feature is off and the
/// Google button is hidden), `GOOGLE_AUTH_URL`, `GOOGLE_TOKEN_URL`, `GOOGLE_USERINFO_URL`
/// and `GOOGLE_ISSUER` (Google's own by default; tests point them at a stand-in provider).
public struct GoogleSettings: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
    public var authorizationURL: URL
    public var tokenURL: URL
    public var userinfoURL: URL
    /// `iss` values an ID token may carry. Google documents both the URL and the bare
    /// host form, so the default accepts both.
    public var acceptedIssuers: [String]
    /// How long the token and userinfo requests may take.
    public var requestTimeout: TimeInterval = 10

    public init(
        clientID: String, clientSecret: String, authorizationURL: URL, tokenURL: URL, userinfoURL: URL,
        acceptedIssuers: [String]
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
        self.userinfoURL = userinfoURL
        self.acceptedIssuers = acceptedIssuers
    }

    /// The settings, or nil when `GOOGLE_CLIENT_ID` or `GOOGLE_CLIENT_SECRET` is missing or
    /// empty (Google sign-in is then off). Throws when a URL is unusable, or when the token
    /// or userinfo endpoint is plain http to anything but this machine: the ID token is
    /// trusted because it comes straight from the token endpoint over TLS.
    public init?(environment: [String: String]) throws {
        let id = environment["GOOGLE_CLIENT_ID"] ?? ""
        let secret = environment["GOOGLE_CLIENT_SECRET"] ?? ""
        if id.isEmpty && secret.isEmpty { return nil }
        guard !id.isEmpty, !secret.isEmpty else {
            throw ConfigurationError("Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET; only one is set")
        }
        clientID = id
        clientSecret = secret
        authorizationURL = try Self.url(environment, "GOOGLE_AUTH_URL", default: "https://accounts.google.com/o/oauth2/v2/auth", secret: false)
        tokenURL = try Self.url(environment, "GOOGLE_TOKEN_URL", default: "https://oauth2.googleapis.com/token", secret: true)
        userinfoURL = try Self.url(environment, "GOOGLE_USERINFO_URL", default: "https://openidconnect.googleapis.com/v1/userinfo", secret: true)
        if let issuer = environment["GOOGLE_ISSUER"], !issuer.isEmpty {
            acceptedIssuers = [issuer]
        } else {
            acceptedIssuers = ["https://accounts.google.com", "accounts.google.com"]
        }
    }

    private static func url(_ environment: [String: String], _ name: String, default value: String, secret: Bool) throws -> URL {
        let text = environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? value
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              scheme == "https" || scheme == "http"
        else {
            throw ConfigurationError("\(name) must be an http(s) URL, not '\(text)'")
        }
        if secret && scheme == "http" && !isLoopback(host) {
            throw ConfigurationError("\(name) must use https (plain http is only allowed to this machine), not '\(text)'")
        }
        return url
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
