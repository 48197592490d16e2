/// An error from the PostgreSQL layer: a server error with its SQLSTATE and fields, a lost
/// connection, a pool that had no connection in time, a value that could not be decoded,
/// a bad configuration or a migration problem.
///
/// The description never contains query parameter values; it names the SQLSTATE, the
/// server's message and detail, and the constraint, table and column when the server gave them.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    enum Kind: Sendable {
        case server
        case connection
        case poolTimeout
        case poolClosed
        case decoding
        case configuration
        case migration
        case usage
    }

    let kind: Kind
    /// False when the statement certainly never reached the server (safe to retry).
    var wasSent = true
    /// The five-character SQLSTATE code, when the server (or libpq) supplied one.
    public let sqlState: String?
    /// The primary message.
    public let message: String
    /// The server's DETAIL line, if any. It can quote the offending value (for a unique
    /// violation, the duplicate key), so it is kept out of `description`.
    public let detail: String?
    /// The server's HINT line, if any.
    public let hint: String?
    /// The constraint that was violated, if any.
    public let constraintName: String?
    /// The schema of the table involved, if any.
    public let schemaName: String?
    /// The table involved, if any.
    public let tableName: String?
    /// The column involved, if any.
    public let columnName: String?

    init(
        _ kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraintName: String? = nil, schemaName: String? = nil, tableName: String? = nil, columnName: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraintName = constraintName
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
    }

    static func connection(_ message: String, sqlState: String? = nil) -> PostgresError {
        PostgresError(.connection, message: message, sqlState: sqlState)
    }

    static func decoding(_ message: String) -> PostgresError {
        PostgresError(.decoding, message: message)
    }

    static func configuration(_ message: String) -> PostgresError {
        PostgresError(.configuration, message: message)
    }

    static func migration(_ message: String) -> PostgresError {
        PostgresError(.migration, message: message)
    }

    static func usage(_ message: String) -> PostgresError {
        PostgresError(.usage, message: message)
    }

    /// 23505: a unique constraint or unique index refused a duplicate.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23503: a foreign key refused a missing or still-referenced row.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 23514: a CHECK constraint refused a value.
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// 23502: NULL went into a NOT NULL column.
    public var isNotNullViolation: Bool { sqlState == "23502" }
    /// 40001 or 40P01: the transaction lost a serialization conflict or a deadlock and can be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// 57014: the statement was cancelled, usually by `statement_timeout`.
    public var isQueryCanceled: Bool { sqlState == "57014" }
    /// The connection to the server is gone (class 08, an administrator shutdown, or a dead socket).
    public var isConnectionFailure: Bool {
        if kind == .connection { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
    }
    /// No connection became free within the pool's acquire timeout; the web layer answers 503.
    public var isPoolTimeout: Bool { kind == .poolTimeout }
    /// A value could not be decoded into the Swift type asked for.
    public var isDecodingFailure: Bool { kind == .decoding }
    /// A migration file or the migration history is not acceptable.
    public var isMigrationFailure: Bool { kind == .migration }
    /// A configuration (URL or environment variable) could not be used.
    public var isConfigurationFailure: Bool { kind == .configuration }

    /// The message with quoted input values removed for data exceptions (class 22), whose
    /// messages quote the rejected input: `invalid input syntax for type integer: "…"`.
    var redactedMessage: String {
        guard sqlState?.hasPrefix("22") == true, message.contains("\"") else { return message }
        var result = ""
        var inside = false
        for character in message {
            if character == "\"" {
                if inside { result += "…\"" } else { result.append(character) }
                inside.toggle()
            } else if !inside {
                result.append(character)
            }
        }
        return result
    }

    public var description: String {
        var text: String
        switch kind {
        case .server: text = "PostgreSQL error"
        case .connection: text = "PostgreSQL connection failure"
        case .poolTimeout: text = "no database connection available"
        case .poolClosed: text = "connection pool closed"
        case .decoding: text = "cannot decode database value"
        case .configuration: text = "database configuration error"
        case .migration: text = "migration error"
        case .usage: text = "database usage error"
        }
        if let sqlState { text += " \(sqlState)" }
        text += ": \(redactedMessage)"
        if let constraintName { text += " (constraint \(constraintName))" }
        if let tableName {
            text += " (table \(schemaName.map { "\($0)." } ?? "")\(tableName)"
            text += columnName.map { ", column \($0))" } ?? ")"
        } else if let columnName {
            text += " (column \(columnName))"
        }
        return text
    }
}
