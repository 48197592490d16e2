import HTTP

/// Every limit the server enforces on a connection, each with a default and an
/// environment setting (see `init(environment:)` and README.md "HTTP server").
public struct HTTPLimits: Sendable {
    /// Request line, header block and field count limits, enforced by the parser
    /// (414 and 431 past them).
    public var parser: HTTPParserLimits
    /// The body limit for ordinary routes (413 past it). Responders return it from
    /// `bodyLimit(for:)` unless a route allows more.
    public var maxBodyBytes: Int
    /// Bodies larger than this are written to a temporary file instead of memory.
    public var bodySpoolThreshold: Int
    /// Time allowed for a whole request head, from its first byte (and for a new
    /// connection's first request, from the accept): 408 and close past it.
    public var headerReadTimeout: Duration
    /// How long a keep-alive connection may sit between requests before it is closed.
    /// Also the longest a client may take to read any part of a response.
    public var idleTimeout: Duration
    /// A body arriving slower than this (after `bodyRateGracePeriod`) is answered 408
    /// and the connection closed. Zero turns the check off.
    public var minimumBodyBytesPerSecond: Int
    /// How long a body may take before the minimum rate is enforced.
    public var bodyRateGracePeriod: Duration
    /// How long a body may go without a single new byte: 408 and close past it. (The
    /// minimum rate averages over the whole body, so a client that sends most of a body
    /// at once and then goes silent would otherwise be held for minutes.)
    public var bodyIdleTimeout: Duration
    /// Bytes all connections together may hold for bodies still arriving (memory and
    /// spool files; a Content-Length counts in full from the head). A body that would
    /// pass it is answered 503 at once.
    public var maxPendingBodyBytes: Int
    /// Open connections across all event loops; further clients get 503 and are closed.
    public var maxConnections: Int
    /// How many complete requests a connection may have waiting behind the one being
    /// answered (pipelining); the server stops reading from it beyond that.
    public var maxPipelinedRequests: Int

    /// The defaults: 8 KiB request line, 32 KiB / 100 header fields, 1 MiB body,
    /// 10 s header timeout, 60 s idle timeout, 1 KiB/s minimum body rate after 5 s,
    /// 10 s body idle timeout, 256 MiB of pending bodies, 10 000 connections.
    public init() {
        var parser = HTTPParserLimits()
        parser.maxRequestLineBytes = 8 * 1024
        parser.maxHeaderBytes = 32 * 1024
        parser.maxHeaderCount = 100
        self.parser = parser
        maxBodyBytes = 1024 * 1024
        bodySpoolThreshold = 256 * 1024
        headerReadTimeout = .seconds(10)
        idleTimeout = .seconds(60)
        minimumBodyBytesPerSecond = 1024
        bodyRateGracePeriod = .seconds(5)
        bodyIdleTimeout = .seconds(10)
        maxPendingBodyBytes = 256 * 1024 * 1024
        maxConnections = 10_000
        maxPipelinedRequests = 16
    }

    /// The defaults, overridden by any of these variables that are set:
    /// `HTTP_MAX_REQUEST_LINE_BYTES`, `HTTP_MAX_HEADER_BYTES`, `HTTP_MAX_HEADER_COUNT`,
    /// `HTTP_MAX_BODY_BYTES`, `HTTP_BODY_SPOOL_BYTES`, `HTTP_HEADER_TIMEOUT_SECONDS`,
    /// `HTTP_IDLE_TIMEOUT_SECONDS`, `HTTP_MIN_BODY_BYTES_PER_SECOND`,
    /// `HTTP_BODY_RATE_GRACE_SECONDS`, `HTTP_BODY_IDLE_TIMEOUT` (seconds),
    /// `HTTP_MAX_PENDING_BODY_BYTES`, `HTTP_MAX_CONNECTIONS`, `HTTP_MAX_PIPELINED_REQUESTS`.
    /// - Throws: `HTTPServerError` naming the variable when a value is not usable.
    public init(environment: [String: String]) throws(HTTPServerError) {
        self.init()
        let settings = SettingsReader(environment: environment)
        parser.maxRequestLineBytes = try settings.integer(
            "HTTP_MAX_REQUEST_LINE_BYTES", default: parser.maxRequestLineBytes, range: 64...(1 << 20))
        parser.maxHeaderBytes = try settings.integer(
            "HTTP_MAX_HEADER_BYTES", default: parser.maxHeaderBytes, range: 256...(16 << 20))
        parser.maxHeaderCount = try settings.integer(
            "HTTP_MAX_HEADER_COUNT", default: parser.maxHeaderCount, range: 1...10_000)
        maxBodyBytes = try settings.integer(
            "HTTP_MAX_BODY_BYTES", default: maxBodyBytes, range: 0...(1 << 40))
        bodySpoolThreshold = try settings.integer(
            "HTTP_BODY_SPOOL_BYTES", default: bodySpoolThreshold, range: 1024...(1 << 30))
        headerReadTimeout = try settings.duration("HTTP_HEADER_TIMEOUT_SECONDS", default: headerReadTimeout)
        idleTimeout = try settings.duration("HTTP_IDLE_TIMEOUT_SECONDS", default: idleTimeout)
        minimumBodyBytesPerSecond = try settings.integer(
            "HTTP_MIN_BODY_BYTES_PER_SECOND", default: minimumBodyBytesPerSecond, range: 0...(1 << 30))
        bodyRateGracePeriod = try settings.duration("HTTP_BODY_RATE_GRACE_SECONDS", default: bodyRateGracePeriod)
        bodyIdleTimeout = try settings.duration("HTTP_BODY_IDLE_TIMEOUT", default: bodyIdleTimeout)
        maxPendingBodyBytes = try settings.integer(
            "HTTP_MAX_PENDING_BODY_BYTES", default: maxPendingBodyBytes, range: 0...(1 << 50))
        maxConnections = try settings.integer(
            "HTTP_MAX_CONNECTIONS", default: maxConnections, range: 1...1_000_000)
        maxPipelinedRequests = try settings.integer(
            "HTTP_MAX_PIPELINED_REQUESTS", default: maxPipelinedRequests, range: 1...1024)
    }
}
