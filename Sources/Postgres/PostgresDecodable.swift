import Foundation

/// One field of a result row as a decoder sees it: the column's type and its value in
/// PostgreSQL's binary format. Only valid during the `decode` call.
public struct PostgresCell {
    /// The column's (or array element's) type.
    public let type: PostgresType
    /// The value's binary representation; empty for an empty string or zero-length bytea.
    public let bytes: UnsafeRawBufferPointer
    let result: ResultStorage
    let column: Int

    init(type: PostgresType, bytes: UnsafeRawBufferPointer, result: ResultStorage, column: Int) {
        self.type = type
        self.bytes = bytes
        self.result = result
        self.column = column
    }

    /// The name of the column the value came from.
    public var columnName: String { result.columnName(column) }

    /// An error saying that this column's type cannot become `target`.
    public func mismatch<Target>(_ target: Target.Type) -> PostgresError {
        .decoding("column \"\(columnName)\" has type \(type), which cannot be decoded as \(Target.self)")
    }

    /// An error saying that this column's value is not valid for `target`.
    public func invalid<Target>(_ target: Target.Type, _ reason: String) -> PostgresError {
        .decoding("column \"\(columnName)\" (\(type)) cannot be decoded as \(Target.self): \(reason)")
    }

    /// Reads a big-endian integer at `offset`.
    public func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int = 0) -> T {
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + MemoryLayout<T>.size)]))
        }
        return T(bigEndian: value)
    }

    /// The bytes as UTF-8 text.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// A Swift type that a result column can be decoded into. Results arrive in PostgreSQL's
/// binary format; each conformance says which column types it accepts.
public protocol PostgresDecodable {
    /// Decodes a non-NULL value.
    static func decode(from cell: PostgresCell) throws -> Self
    /// Decodes SQL NULL; only `Optional` accepts it, everything else throws.
    static func decodeNull(from cell: PostgresCell) throws -> Self
}

extension PostgresDecodable {
    public static func decodeNull(from cell: PostgresCell) throws -> Self {
        throw PostgresError.decoding(
            "column \"\(cell.columnName)\" is NULL, which cannot be decoded as the non-optional \(Self.self)")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Wrapped? {
        try Wrapped.decode(from: cell)
    }
    public static func decodeNull(from cell: PostgresCell) throws -> Wrapped? {
        nil
    }
}

extension String: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> String {
        if cell.type == .jsonb {
            guard cell.bytes.first == 1 else { throw cell.invalid(String.self, "unknown jsonb version") }
            return String(decoding: UnsafeRawBufferPointer(rebasing: cell.bytes.dropFirst()), as: UTF8.self)
        }
        if cell.type == .numeric { return try Numeric.decode(from: cell).description }
        if cell.type == .uuid { return try UUID.decode(from: cell).uuidString.lowercased() }
        guard cell.type.isTextLike else { throw cell.mismatch(String.self) }
        return cell.text
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Bool {
        guard cell.type == .bool, cell.bytes.count == 1 else { throw cell.mismatch(Bool.self) }
        return cell.bytes[0] != 0
    }
}

/// Decodes any integer column type into `T`, refusing values that do not fit.
func decodeInteger<T: FixedWidthInteger>(_ cell: PostgresCell, as target: T.Type) throws -> T {
    let wide: Int64
    switch cell.type {
    case .int2 where cell.bytes.count == 2: wide = Int64(cell.integer(Int16.self))
    case .int4 where cell.bytes.count == 4: wide = Int64(cell.integer(Int32.self))
    case .int8 where cell.bytes.count == 8: wide = cell.integer(Int64.self)
    case .oidType where cell.bytes.count == 4: wide = Int64(cell.integer(UInt32.self))
    case .numeric:
        // sum(bigint) and similar aggregates return numeric; accept whole numbers that fit.
        let number = try Numeric.decode(from: cell)
        guard let whole = number.scaled(by: 0) else {
            throw cell.invalid(T.self, "\(number) is not a whole number in range")
        }
        wide = whole
    default: throw cell.mismatch(T.self)
    }
    guard let value = T(exactly: wide) else {
        throw cell.invalid(T.self, "the value \(wide) is out of range")
    }
    return value
}

extension Int: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int {
        if cell.type == .int8, cell.bytes.count == 8 { return Int(cell.integer(Int64.self)) }
        return try decodeInteger(cell, as: Int.self)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int64 { try decodeInteger(cell, as: Int64.self) }
}

extension Int32: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int32 { try decodeInteger(cell, as: Int32.self) }
}

extension Int16: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int16 { try decodeInteger(cell, as: Int16.self) }
}

extension Double: PostgresDecodable {
    /// Accepts `double precision`, `real`, the integer types and `numeric` (the conversion
    /// from `numeric` may round; use `Numeric` for money).
    public static func decode(from cell: PostgresCell) throws -> Double {
        switch cell.type {
        case .float8 where cell.bytes.count == 8: return Double(bitPattern: cell.integer(UInt64.self))
        case .float4 where cell.bytes.count == 4: return Double(Float(bitPattern: cell.integer(UInt32.self)))
        case .int2, .int4, .int8: return Double(try decodeInteger(cell, as: Int64.self))
        case .numeric:
            let text = try Numeric.decode(from: cell).description
            guard let value = Double(text) else { throw cell.invalid(Double.self, "not a number") }
            return value
        default: throw cell.mismatch(Double.self)
        }
    }
}

extension Float: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Float {
        switch cell.type {
        case .float4 where cell.bytes.count == 4: return Float(bitPattern: cell.integer(UInt32.self))
        case .float8 where cell.bytes.count == 8: return Float(Double(bitPattern: cell.integer(UInt64.self)))
        default: throw cell.mismatch(Float.self)
        }
    }
}

extension UInt8: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> UInt8 { try decodeInteger(cell, as: UInt8.self) }
}

/// Arrays decode from one-dimensional PostgreSQL arrays (a multi-dimensional array is
/// flattened in row-major order); `[UInt8]` decodes from `bytea`.
extension Array: PostgresDecodable where Element: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> [Element] {
        if Element.self == UInt8.self {
            guard cell.type == .bytea, let bytes = Array<UInt8>(cell.bytes) as? [Element] else {
                throw cell.mismatch([Element].self)
            }
            return bytes
        }
        let bytes = cell.bytes
        guard bytes.count >= 12 else { throw cell.mismatch([Element].self) }
        let dimensions = Int(cell.integer(Int32.self, at: 0))
        let elementType = PostgresType(oid: cell.integer(UInt32.self, at: 8))
        guard dimensions >= 0, dimensions <= 6, bytes.count >= 12 + dimensions * 8 else {
            throw cell.invalid([Element].self, "not an array")
        }
        if dimensions == 0 { return [] }
        var count = 1
        for dimension in 0..<dimensions {
            count *= Int(cell.integer(Int32.self, at: 12 + dimension * 8))
        }
        var result: [Element] = []
        result.reserveCapacity(count)
        var offset = 12 + dimensions * 8
        for _ in 0..<count {
            guard offset + 4 <= bytes.count else { throw cell.invalid([Element].self, "truncated array") }
            let length = Int(cell.integer(Int32.self, at: offset))
            offset += 4
            let element: PostgresCell
            if length < 0 {
                element = PostgresCell(type: elementType, bytes: UnsafeRawBufferPointer(start: nil, count: 0), result: cell.result, column: cell.column)
                result.append(try Element.decodeNull(from: element))
            } else {
                guard offset + length <= bytes.count else { throw cell.invalid([Element].self, "truncated array") }
                element = PostgresCell(
                    type: elementType, bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]),
                    result: cell.result, column: cell.column)
                result.append(try Element.decode(from: element))
                offset += length
            }
        }
        return result
    }
}
