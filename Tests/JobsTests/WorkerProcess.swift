import Foundation
import Postgres
import ProcessTestSupport
import Testing

/// A `jobs-test-worker` process (Tests/JobsTestWorker) running against a test database.
final class WorkerProcess {
    let pid: pid_t
    private let logPath: String
    private var exited = false

    static var executable: String {
        JobsDatabase.packageRoot.appendingPathComponent(".build/debug/jobs-test-worker").path
    }

    /// Starts a worker on `database` (a database of the cluster DATABASE_URL names).
    init(database: String, lease: Duration = .seconds(30), concurrency: Int = 4) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw ChildProcess.Failure(description: "\(Self.executable) is missing: `swift build --build-tests` builds it")
        }
        logPath = NSTemporaryDirectory() + "jobs-test-worker-" + UUID().uuidString + ".log"
        let (seconds, attoseconds) = lease.components
        pid = try ChildProcess.spawn(Self.executable, environment: [
            "JOBS_TEST_DATABASE": database, "JOBS_TEST_CONCURRENCY": String(concurrency),
            "JOBS_TEST_LEASE_MS": String(seconds * 1000 + attoseconds / 1_000_000_000_000_000),
        ], output: "/dev/null", errors: logPath)
    }

    /// Sends `signal` and waits for the process to end; returns its wait status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard !exited else { return 0 }
        kill(pid, signal)
        exited = true
        return ChildProcess.waitForExit(pid)
    }

    /// What the worker wrote on standard error.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit {
        stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
