import Foundation
import Postgres
import Synchronization
import Testing

@Suite struct MigratorTests {
    /// Writes `files` into a new temporary directory.
    func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "lodestar-migrations-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, contents) in files {
            try contents.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    let first = "CREATE TABLE widgets (id bigint PRIMARY KEY, name text NOT NULL);"
    let second = "ALTER TABLE widgets ADD COLUMN colour text; INSERT INTO widgets VALUES (1, 'first', 'blue');"

    @Test func appliesPendingMigrationsInOrderOnce() throws {
        try TestDatabase.withScratchDatabase { configuration in
            let path = try directory(["0002_colour.sql": second, "0001_widgets.sql": first, "README.md": "ignored"])
            let migrator = try Migrator(directory: path)
            #expect(migrator.migrations.map(\.fileName) == ["0001_widgets.sql", "0002_colour.sql"])
            let before = try migrator.status(configuration: configuration)
            #expect(before.pending.count == 2)
            #expect(!before.isUpToDate)

            let applied = try migrator.migrate(configuration: configuration)
            #expect(applied.map(\.version) == [1, 2])
            #expect(try migrator.migrate(configuration: configuration).isEmpty)

            let after = try migrator.status(configuration: configuration)
            #expect(after.isUpToDate)
            #expect(after.applied.map(\.name) == ["widgets", "colour"])
            #expect(after.applied.allSatisfy { $0.checksum.count == 64 })
            let connection = try Connection(configuration: configuration)
            defer { connection.close() }
            #expect(try connection.query("SELECT colour FROM widgets").single(String.self) == "blue")
        }
    }

    @Test func concurrentRunsApplyEachMigrationExactlyOnce() throws {
        try TestDatabase.withScratchDatabase { configuration in
            // The slow first migration keeps the advisory lock while the others wait.
            let path = try directory([
                "0001_slow.sql": "CREATE TABLE runs (n integer); SELECT pg_sleep(0.5); INSERT INTO runs VALUES (1);",
                "0002_more.sql": "INSERT INTO runs VALUES (2);",
            ])
            let migrator = try Migrator(directory: path)
            let results = Mutex<[Result<Int, any Error>]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                let outcome = Result { try migrator.migrate(configuration: configuration).count }
                results.withLock { $0.append(outcome) }
            }
            let counts = try results.withLock { try $0.map { try $0.get() } }
            #expect(counts.sorted() == [0, 0, 2])
            let connection = try Connection(configuration: configuration)
            defer { connection.close() }
            #expect(try connection.query("SELECT n FROM runs ORDER BY n").decodeColumn(Int.self) == [1, 2])
            #expect(try connection.query("SELECT count(*) FROM schema_migrations").single(Int.self) == 2)
        }
    }

    @Test func refusesAChangedAppliedFile() throws {
        try TestDatabase.withScratchDatabase { configuration in
            let path = try directory(["0001_widgets.sql": first])
            try Migrator(directory: path).migrate(configuration: configuration)
            try (first + "\n-- edited").write(toFile: path + "/0001_widgets.sql", atomically: true, encoding: .utf8)
            try "SELECT 1;".write(toFile: path + "/0002_next.sql", atomically: true, encoding: .utf8)
            let migrator = try Migrator(directory: path)
            do {
                try migrator.migrate(configuration: configuration)
                Issue.record("a changed migration was accepted")
            } catch let error as PostgresError {
                #expect(error.isMigrationFailure)
                #expect(error.description.contains("migration 0001_widgets.sql was changed after it was applied"))
            }
            let status = try migrator.status(configuration: configuration)
            #expect(status.changed.map(\.fileName) == ["0001_widgets.sql"])
            #expect(status.pending.map(\.fileName) == ["0002_next.sql"])
        }
    }

    @Test func refusesADatabaseWithUnknownMigrations() throws {
        try TestDatabase.withScratchDatabase { configuration in
            let newer = try directory(["0001_widgets.sql": first, "0002_colour.sql": second])
            try Migrator(directory: newer).migrate(configuration: configuration)
            let older = try Migrator(directory: try directory(["0001_widgets.sql": first]))
            let status = try older.status(configuration: configuration)
            #expect(status.unknown.map(\.fileName) == ["0002_colour.sql"])
            #expect(!status.isUpToDate)
            #expect(throws: PostgresError.self) { try older.migrate(configuration: configuration) }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        try TestDatabase.withScratchDatabase { configuration in
            let path = try directory([
                "0001_widgets.sql": first,
                "0002_broken.sql": "CREATE TABLE half (n integer); INSERT INTO nowhere VALUES (1);",
            ])
            let migrator = try Migrator(directory: path)
            do {
                try migrator.migrate(configuration: configuration)
                Issue.record("a broken migration succeeded")
            } catch let error as PostgresError {
                #expect(error.isMigrationFailure)
                #expect(error.sqlState == "42P01")
                #expect(error.description.contains("0002_broken.sql"))
            }
            let connection = try Connection(configuration: configuration)
            defer { connection.close() }
            #expect(try connection.query("SELECT to_regclass('half') IS NULL").single(Bool.self))
            #expect(try connection.query("SELECT version FROM schema_migrations").decodeColumn(Int.self) == [1])
        }
    }

    @Test func rejectsBadFileNamesAndDuplicateNumbers() throws {
        for name in ["1_short.sql", "0001-dash.sql", "0001_Upper.sql", "abcd_x.sql", "0001_.sql", "0001.sql"] {
            #expect(throws: PostgresError.self, "\(name)") { try Migrator(directory: try directory([name: "SELECT 1;"])) }
        }
        do {
            _ = try Migrator(directory: try directory(["0003_a.sql": "SELECT 1;", "0003_b.sql": "SELECT 2;"]))
            Issue.record("duplicate numbers were accepted")
        } catch let error as PostgresError {
            #expect(error.description.contains("0003_a.sql and 0003_b.sql"))
        }
    }

    @Test func theProjectsOwnMigrationsApply() throws {
        try TestDatabase.withScratchDatabase { configuration in
            let path = TestDatabase.packageRoot.appendingPathComponent("Migrations").path
            let migrator = try Migrator(directory: path)
            #expect(!migrator.migrations.isEmpty)
            try migrator.migrate(configuration: configuration)
            #expect(try migrator.status(configuration: configuration).isUpToDate)
        }
    }
}
