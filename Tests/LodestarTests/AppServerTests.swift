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

    /// Sends `request` to 127.0.0.1:`port` and reads until the server closes.
    private func rawExchange(port: Int, _ request: String) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let bytes = Array(request.utf8)
        let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        try #require(sent == bytes.count)
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
