/// A response as handlers build it. The server adds `Date`, `Content-Length` or
/// `Transfer-Encoding: chunked`, and `Connection` when it serializes.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody
    /// Called once the whole response has been handed to the client's socket; never when
    /// the client goes away first. It runs on the server's event loop: it must be quick and
    /// must not block (counting a page view is the kind of work it is for).
    public var onSent: (@Sendable () -> Void)?

    public init(
        status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody = .empty,
        onSent: (@Sendable () -> Void)? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.onSent = onSent
    }

    /// A plain-text response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: .bytes(Array(text.utf8))
        )
    }
}

/// A response body: bytes known up front (sent with Content-Length), or a stream the
/// handler writes piece by piece (sent chunked, for exports and progress streams).
public enum ResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// The closure runs on the handler's worker thread; each `write` blocks until the
    /// connection has room (back-pressure) and throws once the client has gone.
    case stream(@Sendable (any ResponseBodyWriter) throws -> Void)
}

/// Where a streamed response body goes.
public protocol ResponseBodyWriter: Sendable {
    func write(_ bytes: [UInt8]) throws
}
