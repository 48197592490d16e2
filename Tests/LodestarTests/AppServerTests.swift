import Foundation
import HTTPServer
import Synchronization
import Testing
import Web
@testable import Lodestar

/// The app behind the real HTTP server, over a real socket.
@Suite struct AppServerTests {
    @Test func healthzOverASocket() throws {
        var configuration = try AppConfiguration(environment: TestEnvironment.variables())
        configuration.port = 0
        let lines = Mutex<[String]>([])
        let log = LogWriter { line in lines.withLock { $0.append(line) } }
        let server = try App.makeServer(configuration: configuration, environment: [:], log: log)
        try server.start()
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        let port = server.boundPort
        #expect(port > 0)

        let reply = try rawExchange(
            port: port, "GET /healthz?probe=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        #expect(reply.hasPrefix("HTTP/1.1 200 "))
        #expect(reply.hasSuffix("\r\n\r\nok"))
        #expect(reply.lowercased().contains("x-content-type-options: nosniff"))

        let missing = try rawExchange(port: port, "GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(missing.hasPrefix("HTTP/1.1 404 "))

        // The access lines arrive from the server's event loop once the responses are queued.
        let deadline = ContinuousClock.now + .seconds(5)
        while lines.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let logged = lines.withLock { $0 }
        #expect(logged.contains { $0.contains(" 127.0.0.1 GET /healthz 200 2B ") })
        #expect(logged.contains { $0.contains(" GET /nowhere 404 ") })
        #expect(!logged.contains { $0.contains("probe") })
    }

    /// Sends `request` to 127.0.0.1:`port` and returns the raw reply.
    private func rawExchange(port: Int, _ request: String) throws -> String {
        try LoopbackHTTP.exchange(port: port, Array(request.utf8), timeout: 5)
    }
}
