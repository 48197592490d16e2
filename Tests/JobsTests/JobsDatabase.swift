import Foundation
import Postgres
import Testing

/// A database of the test's own, migrated with the repository's migrations: a worker claims
/// every due job in its database, so tests that run workers must not share one.
final class JobsDatabase: Sendable {
    let configuration: PostgresConfiguration
    let pool: ConnectionPool
    /// The database's name.
    let name: String
    private let admin: PostgresConfiguration

    struct Missing: Error, CustomStringConvertible {
        let description = "DATABASE_URL is not set. The jobs tests run against a real PostgreSQL: run them with `make test`."
    }

    /// Creates and migrates a fresh database next to the one DATABASE_URL names (or in the
    /// cluster `admin` points at).
    init(admin: PostgresConfiguration? = nil) throws {
        let base: PostgresConfiguration
        if let admin {
            base = admin
        } else {
            guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { throw Missing() }
            base = try PostgresConfiguration(url: url)
        }
        self.admin = base
        name = "lodestar_jobs_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let connection = try Connection(configuration: base)
        defer { connection.close() }
        try connection.execute(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(name)) TEMPLATE template0")
        configuration = base.with(database: name)
        try Migrator(directory: Self.packageRoot.appendingPathComponent("Migrations").path).migrate(configuration: configuration)
        pool = ConnectionPool(configuration: configuration, poolConfiguration: PoolConfiguration(size: 8))
    }

    /// Drops the database (call at the end of the test; workers must be stopped first).
    func drop() {
        pool.close()
        guard let connection = try? Connection(configuration: admin) else { return }
        defer { connection.close() }
        try? connection.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)")
    }

    /// A table that handlers write one row per run into: (job id, attempt, event, pid).
    func runTable() throws -> String {
        let table = "runs_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        try pool.execute(
            "CREATE TABLE \(identifier: table) (job_id bigint NOT NULL, attempt int NOT NULL, event text NOT NULL, pid int NOT NULL)")
        return table
    }

    func status(_ id: Int64) throws -> String {
        try pool.query("SELECT status FROM jobs WHERE id = \(id)").single(String.self)
    }

    func count(_ query: Query) throws -> Int {
        try pool.query(query).single(Int.self)
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// Waits until `condition` holds, checking every 20 ms for at most `timeout`; records an
/// issue naming `what` when it never does.
@discardableResult
func waitUntil(
    _ what: String, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () throws -> Bool
) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? condition()) == true { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    return false
}
