import Foundation
import Postgres
import Testing

/// The database the tests use: the one `make test` names in DATABASE_URL (a fresh database
/// in the private cluster). Without it the tests fail and say how to run them.
enum TestDatabase {
    struct Missing: Error, CustomStringConvertible {
        let description = "DATABASE_URL is not set. The PostgreSQL tests run against a real server: "
            + "run them with `make test`, which starts the private cluster under .data/ and sets DATABASE_URL."
    }

    static func configuration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw Missing()
        }
        return try PostgresConfiguration(url: url)
    }

    static func connection() throws -> Connection {
        try Connection(configuration: configuration())
    }

    static func pool(size: Int = 4, acquireTimeout: Duration = .seconds(5)) throws -> ConnectionPool {
        ConnectionPool(
            configuration: try configuration(),
            poolConfiguration: PoolConfiguration(size: size, acquireTimeout: acquireTimeout))
    }

    /// A table name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
    }

    /// Creates an empty database for the duration of `body` and drops it afterwards.
    static func withScratchDatabase<T>(_ body: (PostgresConfiguration) throws -> T) throws -> T {
        let admin = try connection()
        defer { admin.close() }
        let name = uniqueName("lodestar_scratch")
        try admin.execute(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(name)) TEMPLATE template0")
        defer { try? admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)") }
        return try body(try configuration().with(database: name))
    }

    /// The repository root, found from this file's path.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `.ci/pg` with the arguments; returns its standard output.
    @discardableResult
    static func clusterScript(_ arguments: [String], cluster: String) throws -> String {
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent(".ci/pg")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LODESTAR_PG_CLUSTER"] = cluster
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailure(description: ".ci/pg \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        let description: String
    }
}
