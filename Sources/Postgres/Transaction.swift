import Foundation

/// The statements of one open transaction, handed to the closure of
/// `ConnectionPool.transaction`. It commits when the closure returns and rolls back when it
/// throws; it must not escape the closure.
public struct Transaction: Sendable {
    /// The connection the transaction runs on.
    public let connection: Connection
    /// How many savepoints deep this view is (0 for the transaction itself).
    let depth: Int

    init(connection: Connection, depth: Int = 0) {
        self.connection = connection
        self.depth = depth
    }

    /// Runs `query` inside the transaction.
    @discardableResult
    public func query(_ query: Query) throws -> QueryResult {
        try connection.query(query)
    }

    /// Runs `query` and decodes every row as `T`.
    public func query<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> [T] {
        try connection.query(query).decode(type)
    }

    /// Runs `query` and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try connection.query(query).affectedRows
    }

    /// Sets a configuration parameter until the transaction ends (`set_config(name, value,
    /// true)`, the parameterised form of `SET LOCAL`). Row-level security policies read such
    /// settings with `current_setting('app.organization_id')`.
    public func setLocal(_ name: String, _ value: String) throws {
        try connection.query("SELECT set_config(\(name), \(value), true)")
    }

    /// Runs `body` inside a savepoint: when it throws, only its work is rolled back (and the
    /// error rethrown); the transaction stays usable.
    public func savepoint<T>(_ body: (Transaction) throws -> T) throws -> T {
        let name = "lodestar_savepoint_\(depth + 1)"
        try connection.execute(unsafeSQL: "SAVEPOINT \(name)")
        do {
            let result = try body(Transaction(connection: connection, depth: depth + 1))
            try connection.execute(unsafeSQL: "RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            if !connection.isBroken {
                try connection.execute(unsafeSQL: "ROLLBACK TO SAVEPOINT \(name)")
                try connection.execute(unsafeSQL: "RELEASE SAVEPOINT \(name)")
            }
            throw error
        }
    }
}

/// Transaction isolation levels.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in a transaction on this connection: COMMIT when it returns, ROLLBACK when
    /// it throws. A transaction that failed inside `body` (an error that was caught and not
    /// rethrown) is rolled back and reported instead of silently "committed".
    public func transaction<T>(
        isolation: IsolationLevel = .readCommitted, readOnly: Bool = false, _ body: (Transaction) throws -> T
    ) throws -> T {
        try execute(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")")
        let result: T
        do {
            result = try body(Transaction(connection: self))
        } catch {
            if !isBroken { try? execute(unsafeSQL: "ROLLBACK") }
            throw error
        }
        if isInFailedTransaction {
            try execute(unsafeSQL: "ROLLBACK")
            throw PostgresError.usage("the transaction was rolled back: a statement in it failed and the error was not rethrown")
        }
        try execute(unsafeSQL: "COMMIT")
        return result
    }
}

extension ConnectionPool {
    /// Runs `body` in a transaction on a pooled connection: COMMIT when it returns, ROLLBACK
    /// when it throws (the error is rethrown).
    public func transaction<T>(
        isolation: IsolationLevel = .readCommitted, readOnly: Bool = false, _ body: (Transaction) throws -> T
    ) throws -> T {
        try withConnection { connection in
            try connection.transaction(isolation: isolation, readOnly: readOnly, body)
        }
    }

    /// Runs `body` in a SERIALIZABLE transaction, starting it again from the top when
    /// PostgreSQL reports a serialization failure (40001) or a deadlock (40P01), at most
    /// `maxAttempts` times in all. `body` must be safe to run more than once.
    public func withSerializableRetry<T>(maxAttempts: Int = 5, _ body: (Transaction) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try transaction(isolation: .serializable, body)
            } catch let error as PostgresError where error.isSerializationFailure && attempt < maxAttempts {
                attempt += 1
                // A short, growing, jittered pause lets the competing transaction finish.
                let microseconds = UInt32.random(in: 0...(UInt32(1000) << min(attempt, 8)))
                usleep(microseconds)
            }
        }
    }
}
