import Postgres

/// What `lodestar serve` does with the schema before it accepts requests: in development it
/// applies pending migrations; otherwise it refuses a database whose schema does not match
/// the migrations this version ships (behind, changed files, or unknown migrations).
public enum DatabaseStartup {
    /// A database that `serve` must not run against, with every reason.
    public struct NotReady: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String {
            "the database schema does not match this version of Lodestar:\n  "
                + problems.joined(separator: "\n  ")
                + "\nRun `lodestar migrate` (or start with LODESTAR_ENV=development to migrate on start)."
        }
    }

    /// Checks (and in development, migrates) the database; returns the migrations applied.
    /// - Throws: `NotReady` when the schema is not up to date outside development;
    ///   `PostgresError` when the database cannot be reached or a migration fails.
    public static func prepare(_ configuration: AppConfiguration) throws -> [Migration] {
        let migrator = try Migrator(directory: configuration.database.migrationsDirectory)
        if configuration.mode == .development {
            return try migrator.migrate(configuration: configuration.database.connection)
        }
        let status = try migrator.status(configuration: configuration.database.connection)
        guard status.isUpToDate else {
            let pending = status.pending.map { "migration \($0.fileName) has not been applied" }
            throw NotReady(problems: status.problems + pending)
        }
        return []
    }
}
