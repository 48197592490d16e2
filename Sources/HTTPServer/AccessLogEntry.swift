import HTTP

/// One answered request, handed to the server's log closure after the response is
/// queued for sending.
public struct AccessLogEntry: Sendable {
    public var method: HTTPMethod
    /// The request-target as sent.
    public var target: String
    public var status: Int
    /// Bytes of response body sent (the head is not counted; 0 for HEAD).
    public var bytes: Int
    /// From the parsed request head to the response being handed to the socket.
    public var duration: Duration
    /// The peer's address, without the port.
    public var remoteAddress: String
    /// The request's `X-Forwarded-For` header lines, in order (empty when it had none), so
    /// the log can name the client behind a trusted proxy.
    public var forwardedFor: [String]

    public init(
        method: HTTPMethod, target: String, status: Int, bytes: Int, duration: Duration, remoteAddress: String,
        forwardedFor: [String] = []
    ) {
        self.method = method
        self.target = target
        self.status = status
        self.bytes = bytes
        self.duration = duration
        self.remoteAddress = remoteAddress
        self.forwardedFor = forwardedFor
    }
}
