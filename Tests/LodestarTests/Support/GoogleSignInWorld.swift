import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The whole app over the test database (DATABASE_URL, set by `make test`) with Google
/// sign-in pointed at a stand-in provider, and a cookie-keeping client that plays the
/// browser: app hops through a TestClient, provider hops over a socket.
final class GoogleSignInWorld: @unchecked Sendable {
    static let baseURL = "http://localhost:8080"

    let provider: StandInOIDCProvider
    let pool: ConnectionPool
    let app: App
    let client: TestClient
    /// A made-up address for this test's requests, so its audit entries are its own.
    let ipAddress: String
    var cookies: [String: String] = [:]

    init(google: Bool = true, environment extra: [String: String] = [:]) throws {
        provider = try StandInOIDCProvider()
        provider.identity.subject = TestDatabase.unique("sub-")
        var settings = ["TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory, "BASE_URL": Self.baseURL]
        if google { settings.merge(provider.environment) { $1 } }
        settings.merge(extra) { $1 }
        let configuration = try AppConfiguration(environment: try TestEnvironment.variables(settings))
        pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 4))
        app = try App(configuration: configuration, log: .discard, database: pool)
        ipAddress = "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
        client = TestClient(app.responder, remoteAddress: ipAddress)
    }

    deinit {
        provider.stop()
        pool.close()
    }

    /// A new organization whose whitelist lets `pattern` in with `role` (by a trusted
    /// entry unless `trusted` is false: a first sign-in then joins directly); returns its name.
    @discardableResult
    func organization(whitelisting pattern: String, role: Role = .analyst, trusted: Bool = true) throws -> String {
        let name = TestDatabase.unique("Org ")
        try pool.transaction { transaction in
            let (id, _) = try transaction.ensureOrganization(named: name)
            try transaction.scope(organizationID: id)
            _ = try transaction.upsertWhitelist(organizationID: id, pattern: pattern, role: role, addedBy: nil, trusted: trusted)
        }
        return name
    }

    // MARK: browsing

    var cookieHeader: HTTPHeaders {
        cookies.isEmpty ? [:] : ["Cookie": cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }

    @discardableResult
    func get(_ target: String) -> TestResponse {
        remember(client.get(target, headers: cookieHeader))
    }

    private func remember(_ response: TestResponse) -> TestResponse {
        for header in response.headers.values("Set-Cookie") {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            cookies[name] = header.contains("Max-Age=0") ? nil : String(pair[pair.index(after: equals)...])
        }
        return response
    }

    /// `/auth/google` and the provider's `/authorize`: the callback target the provider
    /// sends the browser to (the state cookie is now in `cookies`).
    func authorize(start target: String = "/auth/google") throws -> String {
        let start = get(target)
        try #require(start.status == .seeOther)
        let reply = try LoopbackHTTP.get(try #require(start.headers["Location"]))
        try #require(reply.status == 302)
        let callback = try #require(reply.headers["Location"])
        try #require(callback.hasPrefix(Self.baseURL + "/auth/google/callback?"))
        return String(callback.dropFirst(Self.baseURL.count))
    }

    /// The whole round trip as `email`; the app's answer to the callback.
    func signIn(as email: String) throws -> TestResponse {
        provider.identity.email = email
        return get(try authorize())
    }

    // MARK: the database

    func count(_ query: Query) throws -> Int {
        Int(try pool.query(query).single(Int64.self))
    }

    func users(email: String) throws -> Int {
        try count("SELECT count(*) FROM users WHERE email = \(email)::citext")
    }

    func audits(_ action: String) throws -> Int {
        try count("SELECT count(*) FROM audit_log WHERE action = \(action) AND ip_address = \(ipAddress)")
    }
}
