import Foundation
import Glibc
import ProcessTestSupport

/// A chromedriver process on a free loopback port, started by a browser test and ended by
/// it. Fails (never skips) when chromedriver or Chromium is missing: `make test` installs
/// both (`.ci/deps chromium chromium-driver`).
final class ChromeDriver: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let processID: pid_t
    let port: Int
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(processID: pid_t, port: Int) {
        self.processID = processID
        self.port = port
    }

    static func start() throws -> ChromeDriver {
        let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "chromedriver is not installed; run `make test` (it installs chromium and chromium-driver) or `.ci/deps chromium chromium-driver`")
        }
        let port = try freePort()
        let arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-level=WARNING"]
        let processID: pid_t
        do {
            processID = try ChildProcess.spawn(path, arguments, output: "/dev/null")
        } catch {
            throw Failure(description: "cannot start chromedriver: \(error)")
        }
        let driver = ChromeDriver(processID: processID, port: port)
        // Ready once /status answers.
        let deadline = ContinuousClock.now + .seconds(20)
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let value = try WebDriverSession.send(driver.endpoint.appendingPathComponent("status"), method: "GET", body: nil, timeout: 2)
                if let object = value as? [String: Any], object["ready"] as? Bool == true {
                    return driver
                }
                last = "not ready: \(String(describing: value))"
            } catch {
                last = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        driver.stop()
        throw Failure(description: "chromedriver did not become ready on port \(port): \(last)")
    }

    func newSession() throws -> WebDriverSession {
        try WebDriverSession(endpoint: endpoint)
    }

    /// Ends the process (after its sessions were deleted) and reaps it.
    func stop() {
        kill(processID, SIGTERM)
        var status: Int32 = 0
        waitpid(processID, &status, 0)
    }

    /// A port nothing listens on right now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
