import Foundation
import Lodestar
import Postgres

/// `lodestar migrate`: applies pending migrations from `Migrations/`, or lists their state.
struct MigrateCommand: Command {
    let name = "migrate"
    let summary = "Apply pending database migrations (--status lists them)"
    let usage = """
        Usage: lodestar migrate [--status]

        Applies every migration in MIGRATIONS_DIR (default Migrations/) that the database has
        not seen, in number order, each in its own transaction, and prints what it applied.
        Concurrent runs are safe: the second waits for the first and finds nothing to do.
        Refuses to run when an applied file was changed or the database has migrations this
        version does not know.

          --status   list every migration as applied, pending, changed or unknown; changes nothing
                     (exit status 1 when the database is not up to date)

        Database: DATABASE_URL, or the PG* variables.
        """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        let statusOnly = arguments.flag("status")
        try arguments.finish()
        let configuration = try AppConfiguration(environment: environment)
        let migrator = try Migrator(directory: configuration.database.migrationsDirectory)
        if statusOnly {
            let status = try migrator.status(configuration: configuration.database.connection)
            print(Self.report(status, migrator: migrator))
            return status.isUpToDate ? 0 : 1
        }
        let applied = try migrator.migrate(configuration: configuration.database.connection)
        if applied.isEmpty {
            print("The database is up to date (\(migrator.migrations.count) migrations).")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
        return 0
    }

    static func report(_ status: MigrationStatus, migrator: Migrator) -> String {
        let changed = Set(status.changed.map(\.version))
        let pending = Set(status.pending.map(\.version))
        let appliedAt = Dictionary(status.applied.map { ($0.version, $0.appliedAt) }, uniquingKeysWith: { a, _ in a })
        var lines = migrator.migrations.map { migration -> String in
            let state: String
            if changed.contains(migration.version) {
                state = "changed after it was applied"
            } else if pending.contains(migration.version) {
                state = "pending"
            } else {
                state = "applied " + (appliedAt[migration.version].map { ISO8601DateFormatter().string(from: $0) } ?? "")
            }
            return "\(migration.fileName)  \(state)"
        }
        lines += status.unknown.map { "\($0.fileName)  unknown to this version" }
        if lines.isEmpty { lines.append("no migrations") }
        lines.append(status.isUpToDate ? "up to date" : "not up to date")
        return lines.joined(separator: "\n")
    }
}
