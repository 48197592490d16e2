import Dispatch
import Foundation
import Glibc
import HTTP
import HTTPServer
import Synchronization

/// The responder behind the integration tests. Paths:
/// `/hello` text; `/echo` (and `/big/echo`, which allows 8 MiB) the body back with
/// `X-Body-Kind: bytes|file`; `/sleep?ms=N`; `/block` waits for `release()`;
/// `/stream?chunks=N&size=S` a streamed body; `/close` answers with `Connection: close`;
/// `/large?size=N` N bytes, counting calls in `largeCalls` and sent responses in `largeSent`.
final class TestResponder: HTTPResponder {
    let entries = Mutex<[AccessLogEntry]>([])
    let spoolPaths = Mutex<[String]>([])
    let blocked = DispatchSemaphore(value: 0)
    let entered = DispatchSemaphore(value: 0)
    let streamedBytes = Atomic<Int>(0)
    let streamFailed = Atomic<Bool>(false)
    let streamDone = DispatchSemaphore(value: 0)
    let largeCalls = Atomic<Int>(0)
    let largeSent = Atomic<Int>(0)

    func bodyLimit(for head: HTTPRequestHead) -> Int {
        head.path.hasPrefix("/big") ? 8 << 20 : 64 * 1024
    }

    func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse {
        let query = Self.parameters(request.query)
        switch request.path {
        case "/hello":
            return .text("hello")
        case "/echo", "/big/echo":
            var response = HTTPResponse(status: .ok)
            switch request.body {
            case .empty:
                response.headers.add("X-Body-Kind", "empty")
            case .bytes(let bytes):
                response.headers.add("X-Body-Kind", "bytes")
                response.body = .bytes(bytes)
            case .file(let path, _):
                spoolPaths.withLock { $0.append(path) }
                response.headers.add("X-Body-Kind", "file")
                response.body = .bytes(Array(FileManager.default.contents(atPath: path) ?? Data()))
            }
            return response
        case "/sleep":
            entered.signal()
            usleep(UInt32(query["ms"].flatMap { Int($0) } ?? 100) * 1000)
            return .text("slept")
        case "/block":
            entered.signal()
            blocked.wait()
            return .text("unblocked")
        case "/large":
            largeCalls.add(1, ordering: .relaxed)
            let size = query["size"].flatMap { Int($0) } ?? 65536
            return HTTPResponse(
                status: .ok, body: .bytes([UInt8](repeating: UInt8(ascii: "y"), count: size)),
                onSent: { self.largeSent.add(1, ordering: .relaxed) })
        case "/close":
            return HTTPResponse(status: .ok, headers: ["Connection": "close"], body: .bytes(Array("bye".utf8)))
        case "/stream":
            let chunks = query["chunks"].flatMap { Int($0) } ?? 4
            let size = query["size"].flatMap { Int($0) } ?? 16
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .stream { writer in
                defer { self.streamDone.signal() }
                let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: size)
                do {
                    for _ in 0..<chunks {
                        try writer.write(chunk)
                        self.streamedBytes.add(size, ordering: .relaxed)
                    }
                } catch {
                    self.streamFailed.store(true, ordering: .relaxed)
                    throw error
                }
            })
        default:
            return .text("not found", status: .notFound)
        }
    }

    func release(_ count: Int = 1) {
        for _ in 0..<count { blocked.signal() }
    }

    func record(_ entry: AccessLogEntry) {
        entries.withLock { $0.append(entry) }
    }

    private static func parameters(_ query: Substring?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}

/// Starts a server on 127.0.0.1 and a free port with small test settings, runs `body`,
/// then shuts the server down and waits for it.
func withServer(
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    _ body: (HTTPServer, Int, TestResponder) throws -> Void
) throws {
    let responder = TestResponder()
    var configuration = HTTPServerConfiguration(
        host: "127.0.0.1", port: 0, eventLoopCount: 2, workerCount: 4, queueCapacity: 64,
        shutdownGracePeriod: .seconds(2))
    configuration.limits.bodySpoolThreshold = 16 * 1024
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, responder: responder, log: { responder.record($0) })
    try server.start()
    defer {
        responder.release(16)
        server.shutdown()
        server.waitUntilStopped()
    }
    try body(server, server.boundPort, responder)
}

/// Opens a connection, sends one request and reads one response.
func exchange(_ port: Int, _ request: String, head: Bool = false) throws -> TestResponse {
    let client = try TestClient(port: port)
    try client.send(request)
    return try client.readResponse(head: head)
}
