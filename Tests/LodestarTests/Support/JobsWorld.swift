import Foundation
import Jobs
import Postgres
import Testing
import Web
@testable import Lodestar

/// A jobs test's world: an app over a database of its own (migrated), since a worker claims
/// every due job of its database and other tests' jobs must not be among them; helpers to
/// make organizations, people and jobs.
final class JobsWorld: Sendable {
    let pool: ConnectionPool
    let app: App
    let administration: AccountAdministration
    let databaseURL: String
    private let name: String
    private let admin: PostgresConfiguration

    init(environment extra: [String: String] = [:]) throws {
        let url = try TestEnvironment.variables()["DATABASE_URL"] ?? ""
        admin = try PostgresConfiguration(url: url)
        name = TestDatabase.unique("lodestar_jobs_")
        let connection = try Connection(configuration: admin)
        defer { connection.close() }
        try connection.execute(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(name)) TEMPLATE template0")
        let configuration = admin.with(database: name)
        try Migrator(directory: TestEnvironment.migrationsDirectory).migrate(configuration: configuration)
        databaseURL = url.replacingOccurrences(
            of: #"(postgres(ql)?://[^/]*/)[^?]*"#, with: "$1\(name)", options: .regularExpression)
        pool = ConnectionPool(configuration: configuration, poolConfiguration: PoolConfiguration(size: 12))
        let environment = try TestEnvironment.variables([
            "DATABASE_URL": databaseURL, "TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory,
            "BASE_URL": "http://localhost:8080", "WORKER_CONCURRENCY": "4",
        ].merging(extra) { $1 })
        app = try App(configuration: try AppConfiguration(environment: environment), log: .discard, database: pool)
        administration = AccountAdministration(pool: pool)
    }

    /// Stops the app's worker and drops the database.
    func drop() {
        app.stop()
        pool.close()
        guard let connection = try? Connection(configuration: admin) else { return }
        defer { connection.close() }
        try? connection.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)")
    }

    /// A new organization with a signed-in admin: (organization id, admin's user id, browser).
    func organization() throws -> (id: Int64, adminID: Int64, admin: Browser) {
        let organization = TestDatabase.unique("Org ")
        let email = TestDatabase.unique("admin") + "@example.com"
        _ = try administration.createAdmin(email: email, organizationName: organization, password: AccountsWorld.password)
        let browser = Browser(app: app)
        browser.signIn(email, AccountsWorld.password)
        let id = try pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        let userID = try pool.query("SELECT id FROM users WHERE email = \(email)::citext").single(Int64.self)
        return (id, userID, browser)
    }

    /// A signed-in member with `role` in organization `organizationID`: (user id, browser).
    func member(of organizationID: Int64, role: String) throws -> (id: Int64, browser: Browser) {
        let organization = try pool.query("SELECT name::text FROM organizations WHERE id = \(organizationID)").single(String.self)
        let email = TestDatabase.unique(role) + "@example.com"
        _ = try administration.addToWhitelist(email, organizationName: organization, role: role, trusted: true)
        let hash = try PasswordHasherCache.hash
        let userID = try pool.transaction { transaction in
            let (user, _) = try transaction.ensureUser(email: email)
            try transaction.setPasswordHash(userID: user.id, hash)
            return user.id
        }
        let browser = Browser(app: app)
        browser.signIn(email, AccountsWorld.password)
        return (userID, browser)
    }

    /// Enqueues a job (as a request would, inside a transaction) and returns its id.
    func enqueue(_ kind: String, organizationID: Int64?, requestedBy: Int64? = nil, maxAttempts: Int = 5) throws -> Int64 {
        try pool.transaction { transaction in
            try transaction.enqueue(NewJob(kind: kind, organizationID: organizationID, maxAttempts: maxAttempts, requestedBy: requestedBy)).id
        }
    }

    func job(_ id: Int64) throws -> JobRecord {
        try #require(try pool.transaction { try JobQueue.job(id: id, in: $0) })
    }

    func count(_ query: Query) throws -> Int {
        try pool.query(query).single(Int.self)
    }
}

/// Waits until `condition` holds (checked every 20 ms, at most 30 s); records an issue
/// naming `what` when it never does.
@discardableResult
func waitUntil(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        if (try? condition()) == true { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    return false
}
