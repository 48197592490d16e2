import HTTP
import HTTPServer
import Synchronization

/// Sends requests through a responder (the whole middleware and router stack) without
/// sockets, for tests of every layer above the server:
///
/// ```swift
/// let client = TestClient(try WebResponder(router: router))
/// let response = client.get("/app/leads/7")
/// #expect(response.status == .ok)
/// #expect(response.text.contains("Lead 7"))
/// ```
///
/// Like the server it refuses a body over `bodyLimit(for:)` with 413, collects streamed
/// bodies, and drops the body of a HEAD response.
public struct TestClient: Sendable {
    public let responder: any HTTPResponder
    public var connection: ConnectionInfo

    public init(_ responder: any HTTPResponder, remoteAddress: String = "127.0.0.1", remotePort: Int = 50000) {
        self.responder = responder
        connection = ConnectionInfo(remoteAddress: remoteAddress, remotePort: remotePort)
    }

    /// Sends `request` as is, adding `Host` when missing.
    public func send(_ request: HTTPRequest) -> TestResponse {
        var request = request
        if !request.head.headers.contains("Host") {
            request.head.headers.add("Host", "localhost")
        }
        if request.body.count > responder.bodyLimit(for: request.head) {
            return TestResponse(status: .contentTooLarge, headers: [:], body: Array("Content Too Large".utf8), streamError: nil)
        }
        let response = responder.respond(to: request, connection: connection)
        var body: [UInt8] = []
        var streamError: String?
        switch response.body {
        case .empty:
            break
        case .bytes(let bytes):
            body = bytes
        case .stream(let produce):
            let collector = CollectingWriter()
            do {
                try produce(collector)
            } catch {
                streamError = String(describing: error)
            }
            body = collector.bytes
        }
        if request.method == .head || response.status.forbidsBody {
            body = []
        }
        // In process the whole response is "written" once built; a failed stream is not.
        if streamError == nil { response.onSent?() }
        return TestResponse(status: response.status, headers: response.headers, body: body, streamError: streamError)
    }

    /// A request with `method`, `target` (`/path?query`), headers and body.
    public func request(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []
    ) -> TestResponse {
        var headers = headers
        if !body.isEmpty && !headers.contains("Content-Length") {
            headers.add("Content-Length", String(body.count))
        }
        let head = HTTPRequestHead(
            method: method, target: target, headers: headers,
            framing: body.isEmpty ? .none : .contentLength(body.count)
        )
        return send(HTTPRequest(head: head, body: body.isEmpty ? .empty : .bytes(body)))
    }

    public func get(_ target: String, headers: HTTPHeaders = [:]) -> TestResponse {
        request(.get, target, headers: headers)
    }

    public func head(_ target: String, headers: HTTPHeaders = [:]) -> TestResponse {
        request(.head, target, headers: headers)
    }

    /// A POST of an urlencoded form with these fields, in order.
    public func post(_ target: String, form: [(String, String)], headers: HTTPHeaders = [:]) -> TestResponse {
        var headers = headers
        if !headers.contains("Content-Type") {
            headers.add("Content-Type", "application/x-www-form-urlencoded")
        }
        let body = form.map { PercentEncoding.encode($0.0, spaceAsPlus: true) + "=" + PercentEncoding.encode($0.1, spaceAsPlus: true) }
            .joined(separator: "&")
        return request(.post, target, headers: headers, body: Array(body.utf8))
    }
}

/// A response as a test sees it, with the body collected.
public struct TestResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// What a streamed body threw part-way, if it did.
    public var streamError: String?

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Collects a streamed body in memory.
final class CollectingWriter: ResponseBodyWriter {
    private let collected = Mutex<[UInt8]>([])

    func write(_ bytes: [UInt8]) throws {
        collected.withLock { $0.append(contentsOf: bytes) }
    }

    var bytes: [UInt8] { collected.withLock { $0 } }
}
