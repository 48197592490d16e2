import DNS
import Foundation
import Glibc
import ProcessTestSupport

/// A real dnsmasq serving fixed records on a free loopback port, started by a test as a
/// child process with a generated configuration and ended by it. Fails (never skips)
/// when dnsmasq is missing: `make test` installs it (`.ci/deps dnsmasq`).
public final class Dnsmasq {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let processID: pid_t
    public let port: UInt16
    private let directory: URL

    /// The server on 127.0.0.1.
    public var server: DNSServer { DNSServer(address: DNSAddress("127.0.0.1")!, port: port) }
    /// The same server on ::1, when `listenOnIPv6` was asked for.
    public var serverIPv6: DNSServer { DNSServer(address: DNSAddress("::1")!, port: port) }

    private init(processID: pid_t, port: UInt16, directory: URL) {
        self.processID = processID
        self.port = port
        self.directory = directory
    }

    /// Starts dnsmasq with `records` (options without their `--` and, as no shell reads
    /// them, without quotes: `txt-record=a.test,first string,second`)
    /// and waits until it answers. Only local data is served: any other name is REFUSED.
    public static func start(records: [String], listenOnIPv6: Bool = false) throws -> Dnsmasq {
        let candidates = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "dnsmasq is not installed; run `make test` (it installs it) or `.ci/deps dnsmasq`")
        }
        var lastFailure = "never started"
        for _ in 0..<5 {
            let port = try freePort()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dnsmasq-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var lines = ["port=\(port)", "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts", "pid-file="]
            if listenOnIPv6 { lines.append("listen-address=::1") }
            // As root dnsmasq switches to an unprivileged user; name ones every Debian has.
            if getuid() == 0 { lines += ["user=nobody", "group=nogroup"] }
            let configuration = directory.appendingPathComponent("dnsmasq.conf")
            try (lines.joined(separator: "\n") + "\n").write(to: configuration, atomically: true, encoding: .utf8)
            let log = directory.appendingPathComponent("dnsmasq.log").path
            // Records go on the command line: a configuration line is limited to about 1 KB.
            let arguments = ["--conf-file=\(configuration.path)", "--no-daemon"] + records.map { "--\($0)" }
            let processID = try ChildProcess.spawn(path, arguments, output: log)
            let dnsmasq = Dnsmasq(processID: processID, port: port, directory: directory)
            if try dnsmasq.waitUntilAnswering() { return dnsmasq }
            lastFailure = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "no log"
            dnsmasq.stop()
        }
        throw Failure(description: "dnsmasq did not start: \(lastFailure)")
    }

    /// True once a query gets any answer; false when the process ended (e.g. its port was
    /// taken meanwhile) or nothing answered for ten seconds.
    private func waitUntilAnswering() throws -> Bool {
        let probe = DNSResolver(configuration: .init(servers: [server], timeout: .milliseconds(100), attempts: 1))
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            if waitpid(processID, &status, WNOHANG) == processID { return false }
            do {
                _ = try probe.query(name: "probe.invalid", type: .a)
                return true
            } catch {
                if error.responseCode != nil { return true }
            }
        }
        return false
    }

    /// Ends the process, reaps it and removes its directory.
    public func stop() {
        kill(processID, SIGTERM)
        var status: Int32 = 0
        waitpid(processID, &status, 0)
        try? FileManager.default.removeItem(at: directory)
    }

    /// A port free for both UDP and TCP on 127.0.0.1 right now.
    private static func freePort() throws -> UInt16 {
        for _ in 0..<20 {
            let udp = try LoopbackSocket(type: SOCK_DGRAM)
            if (try? LoopbackSocket(type: SOCK_STREAM, port: udp.port)) != nil { return udp.port }
        }
        throw Failure(description: "no free port for both UDP and TCP")
    }
}
