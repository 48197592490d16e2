import CLibPQ

/// Writes rows for `COPY ... FROM STDIN` in PostgreSQL's text format: fields separated by
/// tabs, rows ended by newlines, NULL as `\N`, and backslash, tab, newline and carriage return
/// inside values escaped. Rows are buffered and sent in chunks of about a megabyte.
///
/// ```swift
/// try pool.copy(into: "contacts", columns: ["email", "name"]) { writer in
///     for contact in contacts { try writer.writeRow(contact.email, contact.name) }
/// }
/// ```
public struct CopyRowWriter {
    private let connection: OpaquePointer
    private var buffer: [UInt8]
    /// Reused when a field needs escaping, to avoid an allocation per field.
    private var scratch: [UInt8] = []
    private var fieldsInRow = 0
    /// Rows written so far.
    public private(set) var rowCount = 0

    static let chunkSize = 1 << 20

    init(connection: OpaquePointer) {
        self.connection = connection
        buffer = []
        buffer.reserveCapacity(Self.chunkSize + 64 * 1024)
    }

    /// Appends one field to the current row.
    public mutating func append<Value: PostgresEncodable>(_ value: Value) {
        if fieldsInRow > 0 { buffer.append(0x09) }
        fieldsInRow += 1
        if value.isPostgresNull {
            buffer.append(0x5c)
            buffer.append(UInt8(ascii: "N"))
            return
        }
        let start = buffer.count
        value.encodePostgresText(into: &buffer)
        escapeField(from: start)
    }

    /// Appends a NULL field to the current row.
    public mutating func appendNull() {
        if fieldsInRow > 0 { buffer.append(0x09) }
        fieldsInRow += 1
        buffer.append(0x5c)
        buffer.append(UInt8(ascii: "N"))
    }

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws {
        buffer.append(0x0a)
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Writes a whole row: `try writer.writeRow(id, email, nil as String?)`.
    public mutating func writeRow<each Value: PostgresEncodable>(_ values: repeat each Value) throws {
        repeat append(each values)
        try endRow()
    }

    /// Sends what is buffered.
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else {
            throw PostgresError.connection("sending COPY data failed: \(errorMessage(connection))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Escapes the field that starts at `start`, in place. Most fields need nothing, so the
    /// scan runs first and the copy only when a special byte was found.
    private mutating func escapeField(from start: Int) {
        let needsEscaping = buffer.withUnsafeBufferPointer { bytes in
            bytes[start...].contains { $0 == 0x5c || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d }
        }
        guard needsEscaping else { return }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: buffer[start...])
        buffer.removeSubrange(start...)
        for byte in scratch {
            switch byte {
            case 0x5c: buffer.append(0x5c); buffer.append(0x5c)
            case 0x09: buffer.append(0x5c); buffer.append(UInt8(ascii: "t"))
            case 0x0a: buffer.append(0x5c); buffer.append(UInt8(ascii: "n"))
            case 0x0d: buffer.append(0x5c); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }
}

extension Connection {
    /// Loads rows with `COPY table (columns) FROM STDIN`: `body` writes them with the
    /// `CopyRowWriter`. Returns the number of rows copied. When `body` throws, the COPY is
    /// aborted (nothing is loaded) and the error rethrown.
    @discardableResult
    public func copy(
        into table: String, columns: [String], _ body: (inout CopyRowWriter) throws -> Void
    ) throws -> Int {
        let statement = "COPY \(quoteIdentifier(table)) (\(columns.map(quoteIdentifier).joined(separator: ", "))) FROM STDIN"
        return try withHandle { connection in
            let started = PQexec(connection, statement)
            guard PQresultStatus(started) == PGRES_COPY_IN else {
                PQclear(try checked(started, connection))
                throw PostgresError.usage("COPY did not start")
            }
            PQclear(started)
            var writer = CopyRowWriter(connection: connection)
            do {
                try body(&writer)
                try writer.flush()
            } catch {
                PQputCopyEnd(connection, "aborted by the client")
                while let result = PQgetResult(connection) { PQclear(result) }
                throw error
            }
            guard PQputCopyEnd(connection, nil) == 1 else {
                throw PostgresError.connection("ending COPY failed: \(errorMessage(connection))")
            }
            var copied = 0
            var failure: Error?
            while let result = PQgetResult(connection) {
                do {
                    let finished = try checked(result, connection)
                    copied = ResultStorage(finished).affectedRows
                } catch {
                    failure = failure ?? error
                }
            }
            if let failure { throw failure }
            return copied
        }
    }
}

extension Transaction {
    /// `COPY ... FROM STDIN` inside this transaction; see `Connection.copy(into:columns:_:)`.
    @discardableResult
    public func copy(into table: String, columns: [String], _ body: (inout CopyRowWriter) throws -> Void) throws -> Int {
        try connection.copy(into: table, columns: columns, body)
    }
}

extension ConnectionPool {
    /// `COPY ... FROM STDIN` on a pooled connection; see `Connection.copy(into:columns:_:)`.
    @discardableResult
    public func copy(into table: String, columns: [String], _ body: (inout CopyRowWriter) throws -> Void) throws -> Int {
        try withConnection { try $0.copy(into: table, columns: columns, body) }
    }
}
