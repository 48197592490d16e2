import Glibc
import HTTP

/// Where the server listens and how much work it takes on.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind: a numeric IPv4/IPv6 address or a host name.
    public var host: String
    /// The TCP port; 0 picks a free one (read it back from `HTTPServer.boundPort`).
    public var port: Int
    /// Event loop threads doing all socket I/O; default one per processor.
    public var eventLoopCount: Int
    /// Worker threads running handlers; default 8 per processor, at least 64. Handlers may
    /// block (on a database, or waiting for a group commit to include their write), so
    /// most workers are waiting rather than computing; too few caps how many requests can
    /// be in flight at once.
    public var workerCount: Int
    /// Requests that may wait for a worker; beyond it the server answers 503 with
    /// `Retry-After` at once.
    public var queueCapacity: Int
    /// How long `shutdown()` waits for in-flight requests before closing everything.
    public var shutdownGracePeriod: Duration
    public var limits: HTTPLimits

    public init(
        host: String = "127.0.0.1", port: Int = 8080,
        eventLoopCount: Int = HTTPServerConfiguration.processorCount,
        workerCount: Int = max(64, 8 * HTTPServerConfiguration.processorCount),
        queueCapacity: Int = 1024,
        shutdownGracePeriod: Duration = .seconds(10),
        limits: HTTPLimits = HTTPLimits()
    ) {
        self.host = host
        self.port = port
        self.eventLoopCount = eventLoopCount
        self.workerCount = workerCount
        self.queueCapacity = queueCapacity
        self.shutdownGracePeriod = shutdownGracePeriod
        self.limits = limits
    }

    /// The defaults for `host` and `port`, overridden by `HTTP_EVENT_LOOPS`,
    /// `HTTP_WORKERS`, `HTTP_QUEUE_CAPACITY`, `HTTP_SHUTDOWN_GRACE_SECONDS` and every
    /// variable `HTTPLimits(environment:)` reads.
    /// - Throws: `HTTPServerError` naming the variable when a value is not usable.
    public init(host: String, port: Int, environment: [String: String]) throws(HTTPServerError) {
        let settings = SettingsReader(environment: environment)
        let defaults = HTTPServerConfiguration()
        self.init(
            host: host, port: port,
            eventLoopCount: try settings.integer("HTTP_EVENT_LOOPS", default: defaults.eventLoopCount, range: 1...256),
            workerCount: try settings.integer("HTTP_WORKERS", default: defaults.workerCount, range: 1...4096),
            queueCapacity: try settings.integer(
                "HTTP_QUEUE_CAPACITY", default: defaults.queueCapacity, range: 1...1_000_000),
            shutdownGracePeriod: try settings.duration(
                "HTTP_SHUTDOWN_GRACE_SECONDS", default: defaults.shutdownGracePeriod),
            limits: try HTTPLimits(environment: environment)
        )
    }

    /// Processors this process may run on.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    func validate() throws(HTTPServerError) {
        guard (0...65535).contains(port) else { throw .invalidConfiguration("port \(port) is not 0...65535") }
        guard eventLoopCount >= 1 else { throw .invalidConfiguration("eventLoopCount must be at least 1") }
        guard workerCount >= 1 else { throw .invalidConfiguration("workerCount must be at least 1") }
        guard queueCapacity >= 1 else { throw .invalidConfiguration("queueCapacity must be at least 1") }
        guard limits.maxConnections >= 1 else { throw .invalidConfiguration("maxConnections must be at least 1") }
    }
}
