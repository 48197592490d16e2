import Foundation

/// Environment dictionaries for building an `AppConfiguration` in tests: the settings a
/// test names plus `DATABASE_URL`, which `make test` sets to a fresh database in the
/// private cluster.
enum TestEnvironment {
    struct MissingDatabase: Error, CustomStringConvertible {
        let description = "DATABASE_URL is not set. The application tests run against a real PostgreSQL: "
            + "run them with `make test`, which starts the private cluster under .data/ and sets DATABASE_URL."
    }

    static func variables(_ settings: [String: String] = [:]) throws -> [String: String] {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw MissingDatabase()
        }
        return ["LODESTAR_ENV": "test", "DATABASE_URL": url].merging(settings) { _, test in test }
    }
}

extension TestEnvironment {
    /// The repository root, found from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var migrationsDirectory: String { packageRoot.appendingPathComponent("Migrations").path }
}
