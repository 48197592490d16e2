import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The test database, found the way every application test finds it
/// (`TestEnvironment.variables()`: the DATABASE_URL `make test` sets).
enum TestDatabase {
    static func pool() throws -> ConnectionPool {
        let configuration = try AppConfiguration(environment: TestEnvironment.variables())
        return ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 4))
    }

    /// A name no other test uses (tests run in parallel).
    static func unique(_ prefix: String) -> String {
        "\(prefix)\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10))"
    }
}

/// An app over the test database and a browser-like client that keeps its cookies and
/// sends the CSRF token of the last page with every form.
final class Browser: @unchecked Sendable {
    let client: TestClient
    var cookies: [String: String] = [:]
    var csrfToken: String?
    var lastResponse: TestResponse?
    /// Sent as `X-Forwarded-For` with every request when set (a browser behind a proxy).
    var forwardedFor: String?

    init(app: App, remoteAddress: String = "127.0.0.1") {
        client = TestClient(app.responder, remoteAddress: remoteAddress)
    }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    @discardableResult
    func get(_ target: String, headers: HTTPHeaders = [:]) -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers.add("Cookie", cookieHeader) }
        if let forwardedFor { headers.add("X-Forwarded-For", forwardedFor) }
        return remember(client.get(target, headers: headers))
    }

    /// POSTs `form` plus `csrf_token` (unless `csrf` is false) with a same-origin Origin header.
    @discardableResult
    func post(_ target: String, _ form: [(String, String)], csrf: Bool = true, headers: HTTPHeaders = [:]) -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers.add("Cookie", cookieHeader) }
        if !headers.contains("Origin") { headers.add("Origin", "http://localhost:8080") }
        if let forwardedFor { headers.add("X-Forwarded-For", forwardedFor) }
        var fields = form
        if csrf, let csrfToken { fields.append(("csrf_token", csrfToken)) }
        return remember(client.post(target, form: fields, headers: headers))
    }

    private func remember(_ response: TestResponse) -> TestResponse {
        for header in response.headers.values("Set-Cookie") {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            if header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let range = response.text.range(of: #"name="csrf_token" value=""#) {
            let rest = response.text[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrfToken = String(rest[..<end]) }
        }
        lastResponse = response
        return response
    }

    /// Signs in through the form; returns the response to the POST.
    @discardableResult
    func signIn(_ email: String, _ password: String) -> TestResponse {
        get("/login")
        return post("/login", [("email", email), ("password", password)])
    }
}

/// One test's world: an app and helpers to create organizations and people.
struct AccountsWorld {
    static let password = "lodestar tenancy walls 4 tests"

    let pool: ConnectionPool
    let app: App
    let administration: AccountAdministration

    init(environment extra: [String: String] = [:], domainLookup: DomainTXTLookup? = nil) throws {
        pool = try TestDatabase.pool()
        let environment = try TestEnvironment.variables([
            "TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory,
            "BASE_URL": "http://localhost:8080", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "3", "LOGIN_MAX_FAILURES_PER_IP": "50",
        ].merging(extra) { $1 })
        app = try App(configuration: try AppConfiguration(environment: environment), log: .discard, database: pool, domainLookup: domainLookup)
        administration = AccountAdministration(pool: pool)
    }

    func browser(remoteAddress: String = "127.0.0.1") -> Browser { Browser(app: app, remoteAddress: remoteAddress) }

    /// A new organization with an admin; returns (organization name, admin email).
    func organizationWithAdmin() throws -> (String, String) {
        let organization = TestDatabase.unique("Org ")
        let email = TestDatabase.unique("admin") + "@example.com"
        _ = try administration.createAdmin(email: email, organizationName: organization, password: Self.password)
        return (organization, email)
    }

    /// A person with the standard password whom a trusted entry of `organization`'s
    /// whitelist admits with `role`, so their first sign-in makes them a member (as
    /// `lodestar whitelist add --trusted` does); `trusted: false` gives them an invitation
    /// to answer instead.
    func member(of organization: String, role: String, email: String? = nil, trusted: Bool = true) throws -> String {
        let email = email ?? TestDatabase.unique(role) + "@example.com"
        _ = try administration.addToWhitelist(email, organizationName: organization, role: role, trusted: trusted)
        let hash = try PasswordHasherCache.hash
        try pool.transaction { transaction in
            let (user, _) = try transaction.ensureUser(email: email)
            try transaction.setPasswordHash(userID: user.id, hash)
        }
        return email
    }

    func count(_ query: Query) throws -> Int {
        Int(try pool.query(query).single(Int64.self))
    }

    func organizationID(_ name: String) throws -> Int64 {
        try pool.query("SELECT id FROM organizations WHERE name = \(name)::citext").single(Int64.self)
    }

    func userID(_ email: String) throws -> Int64 {
        try pool.query("SELECT id FROM users WHERE email = \(email)::citext").single(Int64.self)
    }

    /// Audit entries of `organization` that name the user `email` (as actor or entity).
    func auditRows(in organization: String, about email: String) throws -> Int {
        try count("""
            SELECT count(*) FROM audit_log a JOIN organizations o ON o.id = a.organization_id, users u
            WHERE o.name = \(organization)::citext AND u.email = \(email)::citext
              AND (a.actor_user_id = u.id OR (a.entity_type = 'user' AND a.entity_id = u.id::text) OR a.new_values->>'email' = u.email::text)
            """)
    }
}

/// One argon2id hash of the standard password, computed once (hashing is slow on purpose).
enum PasswordHasherCache {
    static let result: Result<String, any Error> = Result {
        try AccountAdministration(pool: try TestDatabase.pool()).hasher.hash(password: AccountsWorld.password)
    }
    static var hash: String { get throws { try result.get() } }
}
