import CLibPQ

/// One row of a `QueryResult`. Columns are read by index (0-based) or by name, each decoded
/// into the Swift type asked for; a mismatch is an error naming the column and both types.
public struct Row: Sendable {
    let storage: ResultStorage
    /// The row's position in its result.
    public let index: Int

    /// The number of columns.
    public var count: Int { storage.columnCount }

    /// The column names, in order.
    public var columns: [String] { (0..<storage.columnCount).map(storage.columnName) }

    /// Decodes column `column` (0-based).
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws -> T {
        guard column >= 0, column < storage.columnCount else {
            throw PostgresError.decoding("the row has \(storage.columnCount) columns; there is no column \(column)")
        }
        return try decodeUnchecked(type, at: column)
    }

    /// Decodes the column called `name`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        guard let column = storage.columnIndex(name) else {
            throw PostgresError.decoding("the result has no column \"\(name)\" (columns: \(columns.joined(separator: ", ")))")
        }
        return try decodeUnchecked(type, at: column)
    }

    /// Decodes the first columns as a tuple: `let (id, name) = try row.decode(Int.self, String.self)`.
    public func decode<each T: PostgresDecodable>(_ types: repeat (each T).Type) throws -> (repeat each T) {
        var column = 0
        func next<U: PostgresDecodable>(_ type: U.Type) throws -> U {
            defer { column += 1 }
            return try decode(type, at: column)
        }
        return (repeat try next(each types))
    }

    /// Whether column `column` is SQL NULL.
    public func isNull(at column: Int) -> Bool {
        PQgetisnull(storage.pointer, Int32(index), Int32(column)) != 0
    }

    func decodeUnchecked<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T {
        let result = storage.pointer
        let type = PostgresType(oid: PQftype(result, Int32(column)))
        if PQgetisnull(result, Int32(index), Int32(column)) != 0 {
            let cell = PostgresCell(
                type: type, bytes: UnsafeRawBufferPointer(start: nil, count: 0), result: storage, column: column)
            return try T.decodeNull(from: cell)
        }
        let length = Int(PQgetlength(result, Int32(index), Int32(column)))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, Int32(index), Int32(column)), count: length)
        return try T.decode(from: PostgresCell(type: type, bytes: bytes, result: storage, column: column))
    }
}
