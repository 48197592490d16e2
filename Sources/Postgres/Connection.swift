import CLibPQ
import Foundation
import Synchronization

/// One connection to PostgreSQL over libpq. All use is serialized by an internal lock, so a
/// connection may be handed between threads, but it runs one statement at a time; use a
/// `ConnectionPool` for concurrency.
///
/// Statements run as prepared statements, prepared once per connection and cached by their
/// SQL text; parameters go in text format and results come back in binary format.
public final class Connection: @unchecked Sendable {
    /// Where this connection points (the password is not shown in its description).
    public let configuration: PostgresConfiguration

    private let lock = Mutex<Void>(())
    // Everything below is guarded by `lock`.
    private var handle: OpaquePointer?
    private var statements: [StatementKey: String] = [:]
    private var statementCounter = 0
    private var broken = false
    /// When the connection last finished a statement (monotonic), for the pool's idle check.
    private var lastUsed = ContinuousClock.now

    /// The number of prepared statements kept before the cache is cleared.
    static let statementCacheLimit = 1000

    /// Opens a connection; throws a connection failure when the server cannot be reached or
    /// refuses the login.
    public init(configuration: PostgresConfiguration) throws {
        self.configuration = configuration
        var parameters = configuration.connectionParameters
        parameters.append(("client_encoding", "UTF8"))
        if configuration.applicationName == nil { parameters.append(("fallback_application_name", "lodestar")) }
        // Without a limit, an unreachable host blocks for the operating system's TCP timeout.
        if configuration.connectTimeoutSeconds == nil { parameters.append(("connect_timeout", "10")) }
        let connection = withCStringArrays(parameters) { keywords, values in
            PQconnectdbParams(keywords, values, 0)
        }
        guard let connection else {
            throw PostgresError.connection("libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = errorMessage(connection)
            PQfinish(connection)
            throw PostgresError.connection("cannot connect to \(configuration): \(message)")
        }
        // Without a notice processor libpq prints NOTICE messages to stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection; later use throws a connection failure.
    public func close() {
        lock.withLock { _ in
            if let handle { PQfinish(handle) }
            handle = nil
            broken = true
        }
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    public func query(_ query: Query) throws -> QueryResult {
        try lock.withLock { _ in try runPrepared(query, retryStalePlan: true) }
    }

    /// Runs `query` and decodes every row as `T`.
    public func query<T: RowDecodable>(_ query: Query, as type: T.Type) throws -> [T] {
        try self.query(query).decode(type)
    }

    /// Runs `query` and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs SQL text that may hold several statements (a migration file, `BEGIN`), through
    /// the simple query protocol. It takes no parameters: use it only for SQL the program owns.
    public func execute(unsafeSQL sql: String) throws {
        try lock.withLock { _ in
            let connection = try usableHandle()
            let result = PQexec(connection, sql)
            PQclear(try checked(result, connection))
        }
    }

    /// Sets `statement_timeout` for this connection; nil or zero turns it off.
    public func setStatementTimeout(milliseconds: Int?) throws {
        try execute(unsafeSQL: "SET statement_timeout = \(max(0, milliseconds ?? 0))")
    }

    /// Whether the connection has failed (a lost socket, a failed health check) and must be
    /// discarded.
    public var isBroken: Bool {
        lock.withLock { _ in
            guard let handle, !broken else { return true }
            return PQstatus(handle) != CONNECTION_OK
        }
    }

    /// The server process serving this connection (`pg_backend_pid()`).
    public var backendProcessID: Int32 {
        lock.withLock { _ in handle.map { PQbackendPID($0) } ?? 0 }
    }

    /// Runs `SELECT 1`, waiting at most `timeout`; false (and the connection marked broken)
    /// when there is no answer in time or the connection fails.
    public func ping(timeout: Duration = .seconds(2)) -> Bool {
        lock.withLock { _ in
            guard let connection = try? usableHandle() else { return false }
            guard PQsendQuery(connection, "SELECT 1") == 1,
                  waitUntilReadable(connection, deadline: .now + timeout) else {
                broken = true
                return false
            }
            var healthy = false
            while let result = PQgetResult(connection) {
                healthy = PQresultStatus(result) == PGRES_TUPLES_OK
                PQclear(result)
            }
            if !healthy || PQstatus(connection) != CONNECTION_OK { broken = true }
            lastUsed = .now
            return healthy && !broken
        }
    }

    enum IdleState {
        case quiet, suspicious, dead
    }

    /// A check that costs no round trip: an idle connection should have nothing to read.
    /// Readable means the server closed it (a restart, an administrator) or sent something
    /// unexpected; libpq reads it, and the caller pings before trusting the connection.
    func idleCheck() -> IdleState {
        lock.withLock { _ in
            guard let connection = handle, !broken, PQstatus(connection) == CONNECTION_OK else { return .dead }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 { return .dead }
            if ready == 0 { return .quiet }
            if PQconsumeInput(connection) == 0 || PQstatus(connection) != CONNECTION_OK {
                broken = true
                return .dead
            }
            return .suspicious
        }
    }

    /// How long the connection has been idle.
    var idleDuration: Duration {
        lock.withLock { _ in ContinuousClock.now - lastUsed }
    }

    /// True when no transaction is open (libpq's PQTRANS_IDLE).
    var isOutsideTransaction: Bool {
        lock.withLock { _ in handle.map { PQtransactionStatus($0) == PQTRANS_IDLE } ?? false }
    }

    /// True when the open transaction has failed and only ROLLBACK is possible.
    var isInFailedTransaction: Bool {
        lock.withLock { _ in handle.map { PQtransactionStatus($0) == PQTRANS_INERROR } ?? false }
    }

    /// Runs `body` with the raw libpq handle while holding the lock (COPY, LISTEN).
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try lock.withLock { _ in
            let connection = try usableHandle()
            defer {
                lastUsed = .now
                if PQstatus(connection) != CONNECTION_OK { broken = true }
            }
            return try body(connection)
        }
    }

    /// Marks the connection as unusable so the pool discards it.
    func markBroken() {
        lock.withLock { _ in broken = true }
    }

    // MARK: - Under the lock

    private func usableHandle() throws -> OpaquePointer {
        guard let connection = handle, !broken, PQstatus(connection) == CONNECTION_OK else {
            broken = true
            var error = PostgresError.connection("the connection is closed or was lost")
            error.wasSent = false
            throw error
        }
        return connection
    }

    private func runPrepared(_ query: Query, retryStalePlan: Bool) throws -> QueryResult {
        let connection = try usableHandle()
        defer { lastUsed = .now }
        let key = StatementKey(sql: query.sql, types: query.parameterTypes)
        let name: String
        if let cached = statements[key] {
            name = cached
        } else {
            if statements.count >= Self.statementCacheLimit {
                PQclear(try checked(PQexec(connection, "DEALLOCATE ALL"), connection))
                statements.removeAll()
            }
            statementCounter += 1
            let newName = "lodestar_\(statementCounter)"
            let result = query.parameterTypes.withUnsafeBufferPointer { types in
                PQprepare(connection, newName, query.sql, Int32(types.count), types.baseAddress)
            }
            PQclear(try checked(result, connection))
            statements[key] = newName
            name = newName
        }
        let result = query.parameterBytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: max(1, query.parameterCount)) { values in
                let base = UnsafeRawPointer(bytes.baseAddress)
                for (index, offset) in query.parameterOffsets.enumerated() {
                    values[index] = offset < 0 ? nil : base.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
                }
                return PQexecPrepared(connection, name, Int32(query.parameterCount), values.baseAddress, nil, nil, 1)
            }
        }
        do {
            return QueryResult(storage: ResultStorage(try checked(result, connection)))
        } catch let error as PostgresError where retryStalePlan && error.isStalePreparedStatement
            && PQtransactionStatus(connection) == PQTRANS_IDLE {
            // The schema changed under a cached statement (a migration ran); prepare it again.
            PQclear(PQexec(connection, "DEALLOCATE ALL"))
            statements.removeAll()
            return try runPrepared(query, retryStalePlan: false)
        }
    }

    /// Returns `result` when it reports success, otherwise frees it and throws its error.
    func checked(_ result: OpaquePointer?, _ connection: OpaquePointer) throws -> OpaquePointer {
        if let result {
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_SINGLE_TUPLE:
                return result
            default:
                break
            }
        }
        let lost = PQstatus(connection) != CONNECTION_OK
        if lost { broken = true }
        let error = makeError(result: result, connection: connection, lost: lost)
        if let result { PQclear(result) }
        throw error
    }
}

/// A prepared statement is found again by its text and parameter types.
struct StatementKey: Hashable {
    let sql: String
    let types: [UInt32]
}

extension PostgresError {
    /// 0A000 "cached plan must not change result type" or 26000 "prepared statement does not exist".
    var isStalePreparedStatement: Bool {
        (sqlState == "0A000" && message.contains("cached plan")) || sqlState == "26000"
    }
}

/// The error carried by `result` (or the connection when there is no result).
func makeError(result: OpaquePointer?, connection: OpaquePointer, lost: Bool) -> PostgresError {
    func field(_ code: UInt8) -> String? {
        guard let result, let text = PQresultErrorField(result, Int32(code)) else { return nil }
        return String(cString: text)
    }
    let message = field(UInt8(ascii: "M")) ?? errorMessage(connection)
    return PostgresError(
        lost ? .connection : .server,
        message: message,
        sqlState: field(UInt8(ascii: "C")),
        detail: field(UInt8(ascii: "D")),
        hint: field(UInt8(ascii: "H")),
        constraintName: field(UInt8(ascii: "n")),
        schemaName: field(UInt8(ascii: "s")),
        tableName: field(UInt8(ascii: "t")),
        columnName: field(UInt8(ascii: "c"))
    )
}

func errorMessage(_ connection: OpaquePointer) -> String {
    guard let text = PQerrorMessage(connection) else { return "unknown error" }
    return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Waits until libpq has a complete result (PQisBusy false), polling the socket; false on
/// timeout or failure.
func waitUntilReadable(_ connection: OpaquePointer, deadline: ContinuousClock.Instant) -> Bool {
    while PQisBusy(connection) == 1 {
        let remaining = deadline - .now
        if remaining <= .zero { return false }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 && errno != EINTR { return false }
        if ready > 0, PQconsumeInput(connection) == 0 { return false }
    }
    return true
}

/// Calls `body` with NULL-terminated C arrays of the keywords and values.
private func withCStringArrays<T>(
    _ pairs: [(String, String)],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> T
) -> T {
    let keywords = pairs.map { strdup($0.0) }
    let values = pairs.map { strdup($0.1) }
    defer {
        keywords.forEach { free($0) }
        values.forEach { free($0) }
    }
    let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
    let valuePointers = values.map { UnsafePointer($0) } + [nil]
    return keywordPointers.withUnsafeBufferPointer { keywordBuffer in
        valuePointers.withUnsafeBufferPointer { valueBuffer in
            // The arrays are never empty (they end with nil), so the base addresses exist.
            body(keywordBuffer.baseAddress.unsafelyUnwrapped, valueBuffer.baseAddress.unsafelyUnwrapped)
        }
    }
}
