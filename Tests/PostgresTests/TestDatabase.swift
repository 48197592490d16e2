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

    /// Runs `.ci/pg` with the arguments; returns its standard output. Uses posix_spawn and
    /// waitpid directly: Foundation's Process can miss the child's exit when tests run
    /// concurrently.
    @discardableResult
    static func clusterScript(_ arguments: [String], cluster: String) throws -> String {
        let script = packageRoot.appendingPathComponent(".ci/pg").path
        let outputPath = NSTemporaryDirectory() + "lodestar-pg-" + UUID().uuidString
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: outputPath + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, outputPath + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        environment["LODESTAR_PG_CLUSTER"] = cluster
        let argv = ([script] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, script, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw ScriptFailure(description: "cannot run \(script): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOfFile: outputPath + ".err", encoding: .utf8)) ?? ""
            throw ScriptFailure(description: ".ci/pg \(arguments.joined(separator: " ")) failed (wait status \(status)): \(errors)")
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ScriptFailure: Error, CustomStringConvertible {
        let description: String
    }
}
