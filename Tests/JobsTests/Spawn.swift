import Foundation

/// Starts `executable` with `arguments` and `environment` (added to this process's),
/// standard input from /dev/null and output to the given files. Uses posix_spawn directly:
/// Foundation's Process can miss a child's exit when tests run concurrently.
func spawn(_ executable: String, _ arguments: [String] = [], environment extra: [String: String] = [:], output: String, errors: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // Default signal handling and nothing blocked: the test process may block SIGTERM (the
    // HTTP server tests watch it), which would make the child deaf to it.
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
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard result == 0 else { throw SpawnFailure(description: "cannot start \(executable): error \(result)") }
    return pid
}

/// Waits for `pid` to end and returns its wait status.
func waitForExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
}

struct SpawnFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs `.ci/pg` for the private cluster `cluster` and returns its standard output.
@discardableResult
func clusterScript(_ arguments: [String], cluster: String) throws -> String {
    let script = JobsDatabase.packageRoot.appendingPathComponent(".ci/pg").path
    let output = NSTemporaryDirectory() + "lodestar-pg-" + UUID().uuidString
    defer {
        try? FileManager.default.removeItem(atPath: output)
        try? FileManager.default.removeItem(atPath: output + ".err")
    }
    let status = waitForExit(try spawn(script, arguments, environment: ["LODESTAR_PG_CLUSTER": cluster], output: output, errors: output + ".err"))
    guard status == 0 else {
        let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        throw SpawnFailure(description: ".ci/pg \(arguments.joined(separator: " ")) failed (wait status \(status)): \(errors)")
    }
    return ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
}
