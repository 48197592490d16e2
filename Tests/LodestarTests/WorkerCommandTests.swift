import Foundation
import Jobs
import Postgres
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
        let pid = try spawnResettingSignals(Self.executable, ["worker"], environment: [
            "DATABASE_URL": world.databaseURL, "LODESTAR_ENV": "production", "TEMPLATES_DIR": TestPaths.templates,
            "PUBLIC_DIR": TestPaths.publicDirectory, "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory,
            "WORKER_CONCURRENCY": "2", "WORKER_SHUTDOWN_SECONDS": "1",
        ], log: log)
        var exited = false
        defer { if !exited { kill(pid, SIGKILL); _ = waitForExit(pid) } }

        waitUntil("the worker ran the job and the periodic jobs") {
            try world.job(noop).status == .succeeded
                && world.count("SELECT count(DISTINCT kind) FROM jobs WHERE unique_key LIKE 'schedule:%' AND status = 'succeeded'") == 3
        }
        kill(pid, SIGTERM)
        let status = waitForExit(pid)
        exited = true
        #expect(status == 0, "wait status \(status); log: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(output.contains("worker running with 2 handler threads"))
        #expect(output.contains("stopped"))
        #expect(try world.count("SELECT count(*) FROM jobs WHERE status = 'running'") == 0)
    }
}

/// Starts `executable` with default signal handling and nothing blocked (the test process
/// may block SIGTERM, which the child would inherit), output and errors to `log`.
func spawnResettingSignals(_ executable: String, _ arguments: [String], environment: [String: String], log: String) throws -> pid_t {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw SpawnFailure(description: "\(executable) is missing: build it first (`swift build --build-tests`)")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var defaultSignals = sigset_t()
    sigemptyset(&defaultSignals)
    for signal in [SIGTERM, SIGINT, SIGPIPE] { sigaddset(&defaultSignals, signal) }
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard result == 0 else { throw SpawnFailure(description: "cannot start \(executable): error \(result)") }
    return pid
}

func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}

struct SpawnFailure: Error, CustomStringConvertible {
    let description: String
}
