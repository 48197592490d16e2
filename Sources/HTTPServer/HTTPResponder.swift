import HTTP

/// What the server hands complete requests to. The web layer implements it.
public protocol HTTPResponder: Sendable {
    /// Called on an event loop once the head of a request that has a body (Content-Length
    /// or chunked) is parsed, before any of the body is read: the most body bytes this
    /// request may send. A larger Content-Length is answered 413
    /// at once (without reading the body); a chunked body that grows past it likewise.
    /// Must be cheap and must not block.
    func bodyLimit(for head: HTTPRequestHead) -> Int

    /// Called on a worker thread with the whole request; may block (database work).
    func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse
}

/// What the server knows about the connection a request came on.
public struct ConnectionInfo: Sendable, Equatable {
    /// The peer's address as text ("127.0.0.1", "::1"), without the port.
    public var remoteAddress: String
    public var remotePort: Int

    public init(remoteAddress: String, remotePort: Int) {
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
    }
}
