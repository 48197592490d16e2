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
    private let pendingBodyBytes = Atomic<Int>(0)

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
        openConnections.add(1, upTo: configuration.limits.maxConnections)
    }

    func releaseConnection() {
        openConnections.subtract(1, ordering: .relaxed)
    }

    /// Counts `count` more bytes of bodies still arriving; false (and nothing counted)
    /// when that would pass `maxPendingBodyBytes`.
    func reserveBodyBytes(_ count: Int) -> Bool {
        pendingBodyBytes.add(count, upTo: configuration.limits.maxPendingBodyBytes)
    }

    func releaseBodyBytes(_ count: Int) {
        guard count > 0 else { return }
        pendingBodyBytes.subtract(count, ordering: .relaxed)
    }

    /// Whether any more body bytes may be held now.
    var hasRoomForBodies: Bool {
        pendingBodyBytes.load(ordering: .relaxed) < configuration.limits.maxPendingBodyBytes
    }

    /// Bytes held for bodies still arriving, across all connections (for tests and stats).
    var pendingBodyByteCount: Int { pendingBodyBytes.load(ordering: .relaxed) }
}

extension Atomic where Value == Int {
    /// Adds `count` unless the total would pass `limit`; whether it was added.
    func add(_ count: Int, upTo limit: Int) -> Bool {
        while true {
            let current = load(ordering: .relaxed)
            guard count <= limit - current else { return false }
            if compareExchange(expected: current, desired: current + count, ordering: .relaxed).exchanged {
                return true
            }
        }
    }
}
