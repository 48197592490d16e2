import CLibPQ
import Foundation

/// Owns a libpq result. A result is read-only once complete, so it can be read from any
/// thread; it is freed when the last row or `QueryResult` referring to it goes away.
final class ResultStorage: @unchecked Sendable {
    let pointer: OpaquePointer
    let rowCount: Int
    let columnCount: Int

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        rowCount = Int(PQntuples(pointer))
        columnCount = Int(PQnfields(pointer))
    }

    deinit { PQclear(pointer) }

    func columnName(_ column: Int) -> String {
        guard column >= 0, column < columnCount, let name = PQfname(pointer, Int32(column)) else { return "#\(column)" }
        return String(cString: name)
    }

    /// The index of the column called `name` (exact, case-sensitive match), if any.
    func columnIndex(_ name: String) -> Int? {
        name.withCString { wanted in
            for column in 0..<columnCount {
                if let candidate = PQfname(pointer, Int32(column)), strcmp(candidate, wanted) == 0 { return column }
            }
            return nil
        }
    }

    var affectedRows: Int {
        guard let text = PQcmdTuples(pointer) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }
}

/// The rows a statement returned, and how many rows it changed.
public struct QueryResult: RandomAccessCollection, Sendable {
    let storage: ResultStorage

    init(storage: ResultStorage) {
        self.storage = storage
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }

    public subscript(position: Int) -> Row {
        Row(storage: storage, index: position)
    }

    /// The column names, in order.
    public var columns: [String] { (0..<storage.columnCount).map(storage.columnName) }

    /// Rows inserted, updated, deleted, copied or selected, as the command tag reports.
    public var affectedRows: Int { storage.affectedRows }

    /// Every row decoded as `T`.
    public func decode<T: RowDecodable>(_ type: T.Type) throws -> [T] {
        try map { try T(row: $0) }
    }

    /// The first column of every row.
    public func decodeColumn<T: PostgresDecodable>(_ type: T.Type) throws -> [T] {
        try map { try $0.decode(type, at: 0) }
    }

    /// The first column of the only row; an error when there is not exactly one row.
    public func single<T: PostgresDecodable>(_ type: T.Type) throws -> T {
        guard storage.rowCount == 1 else {
            throw PostgresError.decoding("expected exactly one row, got \(storage.rowCount)")
        }
        return try self[0].decode(type, at: 0)
    }
}

/// A type built from a result row, for `QueryResult.decode(_:)` and `query(_:as:)`.
///
/// ```swift
/// struct Contact: RowDecodable {
///     let id: Int64, email: String, name: String?
///     init(row: Row) throws {
///         id = try row.decode(column: "id")
///         email = try row.decode(column: "email")
///         name = try row.decode(column: "name")
///     }
/// }
/// ```
public protocol RowDecodable {
    init(row: Row) throws
}
