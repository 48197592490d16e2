import Foundation

/// Applies migration files to a database and reports its state. It knows nothing about the
/// application: it runs the files it is given.
///
/// Applied migrations are recorded in `schema_migrations(version, name, checksum,
/// applied_at)`. `migrate` holds a PostgreSQL advisory lock while it works, so concurrent
/// runs are safe: the second waits, then finds nothing left to do. It refuses to run when an
/// applied file changed or the database has migrations the files do not describe.
public struct Migrator: Sendable {
    /// The migrations, sorted by number.
    public let migrations: [Migration]

    /// The advisory lock key that serializes `migrate` runs on one database.
    static let lockKey: Int64 = 0x4c6f_6465_7374_6172 // "Lodestar"

    /// Uses the given migrations (sorted; duplicate numbers refused).
    public init(migrations: [Migration]) throws {
        self.migrations = try Migration.validated(migrations)
    }

    /// Loads `NNNN_name.sql` files from `directory`.
    public init(directory: String) throws {
        migrations = try Migration.load(directory: directory)
    }

    /// Compares the files with the database. Takes no lock and changes nothing.
    public func status(connection: Connection) throws -> MigrationStatus {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").single(Bool.self)
        let applied = exists ? try appliedMigrations(connection) : []
        return compare(applied: applied)
    }

    /// Applies every pending migration, each in its own transaction, and returns the ones it
    /// applied (empty when the database was up to date).
    @discardableResult
    public func migrate(connection: Connection) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.execute(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let status = compare(applied: try appliedMigrations(connection))
        if let problem = status.problems.first {
            throw PostgresError.migration(problem)
        }
        var done: [Migration] = []
        for migration in status.pending {
            do {
                try connection.transaction { transaction in
                    try transaction.connection.execute(unsafeSQL: migration.sql)
                    try transaction.execute("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw PostgresError(
                    .migration, message: "\(migration.fileName) failed, nothing of it was applied: \(error.message)",
                    sqlState: error.sqlState, detail: error.detail, hint: error.hint,
                    constraintName: error.constraintName, schemaName: error.schemaName,
                    tableName: error.tableName, columnName: error.columnName)
            }
            done.append(migration)
        }
        return done
    }

    /// Opens a connection for the duration of `status`.
    public func status(configuration: PostgresConfiguration) throws -> MigrationStatus {
        let connection = try Connection(configuration: configuration)
        defer { connection.close() }
        return try status(connection: connection)
    }

    /// Opens a connection for the duration of `migrate`.
    @discardableResult
    public func migrate(configuration: PostgresConfiguration) throws -> [Migration] {
        let connection = try Connection(configuration: configuration)
        defer { connection.close() }
        return try migrate(connection: connection)
    }

    private func appliedMigrations(_ connection: Connection) throws -> [AppliedMigration] {
        try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version").map { row in
            let (version, name, checksum, appliedAt) = try row.decode(Int.self, String.self, String.self, Date.self)
            return AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt)
        }
    }

    private func compare(applied: [AppliedMigration]) -> MigrationStatus {
        let recorded = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        let known = Set(migrations.map(\.version))
        return MigrationStatus(
            applied: applied,
            pending: migrations.filter { recorded[$0.version] == nil },
            unknown: applied.filter { !known.contains($0.version) },
            changed: migrations.filter { migration in
                recorded[migration.version].map { $0.checksum != migration.checksum } ?? false
            }
        )
    }
}
