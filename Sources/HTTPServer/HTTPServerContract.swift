// CONTRACT (to be implemented by the server work, issue 2).
//
// public struct HTTPServerConfiguration: Sendable {
//     host, port, eventLoopCount (default: cores), workerCount, queueCapacity (full -> 503
//     + Retry-After at once), limits: HTTPLimits, shutdownGracePeriod
// }
// public struct HTTPLimits: Sendable {  // every limit has a default and an env setting
//     parser: HTTPParserLimits, maxBodyBytes (1 MiB default; responder may raise per route),
//     bodySpoolThreshold (bodies above it go to a temp file), headerReadTimeout (10 s),
//     idleTimeout (60 s), minimumBodyBytesPerSecond, maxConnections
//     public init(environment: [String: String]) throws  // HTTP_MAX_BODY_BYTES, ...
// }
// public final class HTTPServer: Sendable {
//     public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder,
//                 log: @escaping @Sendable (AccessLogEntry) -> Void)
//     public func start() throws          // binds and listens; port 0 picks a free port
//     public var boundPort: Int { get }   // for tests that bind port 0
//     public func run() throws            // start if needed, block until shut down
//     public func shutdown()              // stop accepting, finish in-flight within grace
// }
// public struct AccessLogEntry: Sendable { method, target, status, bytes, duration, remote }
