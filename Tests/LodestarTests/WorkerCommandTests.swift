import Foundation
import Jobs
import Postgres
import ProcessTestSupport
import Testing
@testable import Lodestar

/// `lodestar worker` as the Procfile runs it: a process that runs jobs and the periodic
/// jobs, and stops cleanly on SIGTERM, handing back what it could not finish.
@Suite struct WorkerCommandTests {
    static var executable: String {
        TestEnvironment.packageRoot.appendingPathComponent(".build/debug/lodestar").path
    }

    @Test func theWorkerProcessRunsJobsAndTheScheduleThenStopsOnSIGTERM() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let noop = try world.enqueue(BackgroundJobs.noopKind, organizationID: nil)
        let log = NSTemporaryDirectory() + "lodestar-worker-" + UUID().uuidString + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw ChildProcess.Failure(description: "\(Self.executable) is missing: build it first (`swift build --build-tests`)")
        }
        let pid = try ChildProcess.spawn(Self.executable, ["worker"], environment: [
            "DATABASE_URL": world.databaseURL, "LODESTAR_ENV": "production", "TEMPLATES_DIR": TestPaths.templates,
            "PUBLIC_DIR": TestPaths.publicDirectory, "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory,
            "WORKER_CONCURRENCY": "2", "WORKER_SHUTDOWN_SECONDS": "1",
        ], output: log)
        var exited = false
        defer { if !exited { kill(pid, SIGKILL); _ = ChildProcess.waitForExit(pid) } }

        waitUntil("the worker ran the job and the periodic jobs") {
            try world.job(noop).status == .succeeded
                && world.count("SELECT count(DISTINCT kind) FROM jobs WHERE unique_key LIKE 'schedule:%' AND status = 'succeeded'") == 3
        }
        kill(pid, SIGTERM)
        let status = ChildProcess.waitForExit(pid)
        exited = true
        #expect(status == 0, "wait status \(status); log: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(output.contains("worker running with 2 handler threads"))
        #expect(output.contains("stopped"))
        #expect(try world.count("SELECT count(*) FROM jobs WHERE status = 'running'") == 0)
    }
}
