import HTTP
import Synchronization

/// What every event loop of one server shares: settings, the responder, the worker
/// pool, the log and the count of open connections (for `maxConnections`).
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let pool: WorkerPool
    let log: @Sendable (AccessLogEntry) -> Void
    private let openConnections = Atomic<Int>(0)

    init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder, pool: WorkerPool,
        log: @escaping @Sendable (AccessLogEntry) -> Void
    ) {
        self.configuration = configuration
        self.responder = responder
        self.pool = pool
        self.log = log
    }

    /// Counts a new connection in; false (and nothing counted) when at the limit.
    func reserveConnection() -> Bool {
        let limit = configuration.limits.maxConnections
        while true {
            let current = openConnections.load(ordering: .relaxed)
            guard current < limit else { return false }
            if openConnections.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed
            ).exchanged {
                return true
            }
        }
    }

    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }
}
