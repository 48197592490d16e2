import Dispatch
import Foundation
import Synchronization

/// A bounded set of connections shared by threads. `acquire` hands out an idle connection,
/// opens a new one while the pool is below its size, or waits (at most `acquireTimeout`) for
/// one to come back; on timeout it throws an error whose `isPoolTimeout` is true, which the
/// web layer answers with 503.
///
/// Connections that died (server restart, network) are noticed when handed out or when a
/// statement fails, discarded, and replaced by new ones, so the pool recovers by itself.
public final class ConnectionPool: Sendable {
    /// The server to connect to.
    public let configuration: PostgresConfiguration
    /// Size and timeouts.
    public let poolConfiguration: PoolConfiguration

    private let state = Mutex(State())

    private struct State {
        var idle: [Connection] = []
        var open = 0
        var waiters: [Waiter] = []
        var closed = false
    }

    /// A thread waiting for a connection; what it is handed is set under the pool lock.
    private final class Waiter: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        var handoff: Handoff?
    }

    private enum Handoff {
        case connection(Connection)
        /// Permission to open a new connection in a freed slot.
        case slot
    }

    /// A pool for `configuration`; connections are opened on demand, none at creation.
    public init(configuration: PostgresConfiguration, poolConfiguration: PoolConfiguration = PoolConfiguration()) {
        self.configuration = configuration
        self.poolConfiguration = poolConfiguration
    }

    /// Connections currently open (idle or in use).
    public var openConnections: Int { state.withLock { $0.open } }

    /// Takes a connection, waiting at most `acquireTimeout`. Give it back with `release`.
    /// Prefer `withConnection`, which cannot forget to.
    public func acquire() throws -> Connection {
        let deadline = DispatchTime.now() + .milliseconds(poolConfiguration.acquireTimeout.wholeMilliseconds)
        while true {
            let step: Step = try state.withLock { state in
                if state.closed { throw PostgresError(.poolClosed, message: "the connection pool was closed") }
                if let connection = state.idle.popLast() { return .handoff(.connection(connection)) }
                if state.open < poolConfiguration.size {
                    state.open += 1
                    return .handoff(.slot)
                }
                let waiter = Waiter()
                state.waiters.append(waiter)
                return .wait(waiter)
            }
            let handoff: Handoff
            switch step {
            case .handoff(let given):
                handoff = given
            case .wait(let waiter):
                _ = waiter.semaphore.wait(timeout: deadline)
                let given: Handoff? = state.withLock { state in
                    if let given = waiter.handoff { return given }
                    state.waiters.removeAll { $0 === waiter }
                    return nil
                }
                guard let given else {
                    if state.withLock({ $0.closed }) {
                        throw PostgresError(.poolClosed, message: "the connection pool was closed")
                    }
                    throw PostgresError(
                        .poolTimeout,
                        message: "no database connection became free within \(poolConfiguration.acquireTimeout.wholeMilliseconds) ms "
                            + "(pool size \(poolConfiguration.size))")
                }
                handoff = given
            }
            switch handoff {
            case .connection(let connection):
                if isHealthy(connection) { return connection }
                discard(connection)
            case .slot:
                return try openConnection()
            }
        }
    }

    private enum Step {
        case handoff(Handoff)
        case wait(Waiter)
    }

    /// Gives a connection back. A broken one, or one left inside a transaction that cannot be
    /// rolled back, is closed and its slot freed.
    public func release(_ connection: Connection) {
        var usable = !connection.isBroken
        if usable, !connection.isOutsideTransaction {
            usable = (try? connection.execute(unsafeSQL: "ROLLBACK")) != nil && connection.isOutsideTransaction
        }
        guard usable else {
            discard(connection)
            return
        }
        let waiter: Waiter? = state.withLock { state in
            if state.closed {
                state.open -= 1
                return nil
            }
            guard !state.waiters.isEmpty else {
                state.idle.append(connection)
                return nil
            }
            let waiter = state.waiters.removeFirst()
            waiter.handoff = .connection(connection)
            return waiter
        }
        if let waiter {
            waiter.semaphore.signal()
        } else if state.withLock({ $0.closed }) {
            connection.close()
        }
    }

    /// Runs `body` with a connection and gives it back afterwards, also when `body` throws.
    public func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try acquire()
        defer { release(connection) }
        return try body(connection)
    }

    /// Runs `query` on a pooled connection. When the connection turns out to be dead, it is
    /// discarded and the statement is tried once more on a fresh connection, but only when
    /// that is safe: the statement never reached the server, or it only reads (starts with
    /// SELECT, VALUES, SHOW or TABLE). Otherwise the connection failure is thrown.
    @discardableResult
    public func query(_ query: Query) throws -> QueryResult {
        let connection = try acquire()
        do {
            let result = try connection.query(query)
            release(connection)
            return result
        } catch let error as PostgresError where error.isConnectionFailure {
            connection.markBroken()
            release(connection)
            // A server restart kills every connection: do not hand out the other dead ones.
            discardIdleConnections()
            guard !error.wasSent || query.isReadOnly else { throw error }
            return try withConnection { try $0.query(query) }
        } catch {
            release(connection)
            throw error
        }
    }

    /// Runs `query` and decodes every row as `T`.
    public func query<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> [T] {
        try self.query(query).decode(type)
    }

    /// Runs `query` and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// A health check for `/healthz`: true when a connection answers `SELECT 1` within
    /// `timeout` (default: the pool's ping timeout). Never waits longer than the acquire
    /// timeout for a connection, and never throws.
    public func ping(timeout: Duration? = nil) -> Bool {
        guard let connection = try? acquire() else { return false }
        let healthy = connection.ping(timeout: timeout ?? poolConfiguration.pingTimeout)
        release(connection)
        return healthy
    }

    /// Closes idle connections and refuses new acquisitions; connections in use are closed
    /// when they come back.
    public func close() {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            let idle = state.idle
            state.open -= idle.count
            state.idle.removeAll()
            let waiters = state.waiters
            state.waiters.removeAll()
            return (idle, waiters)
        }
        idle.forEach { $0.close() }
        waiters.forEach { $0.semaphore.signal() }
    }

    // MARK: - Internals

    private func openConnection() throws -> Connection {
        do {
            let connection = try Connection(configuration: configuration)
            if let timeout = poolConfiguration.statementTimeout {
                try connection.setStatementTimeout(milliseconds: timeout.wholeMilliseconds)
            }
            return connection
        } catch {
            freeSlot()
            throw error
        }
    }

    /// Closes every idle connection (after a connection failure, when they are likely dead too).
    public func discardIdleConnections() {
        let idle = state.withLock { state in
            let idle = state.idle
            state.idle.removeAll()
            return idle
        }
        idle.forEach(discard)
    }

    private func isHealthy(_ connection: Connection) -> Bool {
        switch connection.idleCheck() {
        case .dead: return false
        case .suspicious: return connection.ping(timeout: poolConfiguration.pingTimeout)
        case .quiet: break
        }
        if connection.idleDuration > poolConfiguration.idleHealthCheck {
            return connection.ping(timeout: poolConfiguration.pingTimeout)
        }
        return true
    }

    private func discard(_ connection: Connection) {
        connection.close()
        freeSlot()
    }

    /// A connection went away: let a waiter open a new one in its place.
    private func freeSlot() {
        let waiter: Waiter? = state.withLock { state in
            guard !state.closed, !state.waiters.isEmpty else {
                state.open -= 1
                return nil
            }
            let waiter = state.waiters.removeFirst()
            waiter.handoff = .slot
            return waiter
        }
        waiter?.semaphore.signal()
    }
}
