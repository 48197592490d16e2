/// A Swift value that can be sent to PostgreSQL as a bind parameter (and written as a COPY
/// field). Values travel in PostgreSQL's text format; `postgresType` tells the server what
/// the text is (`.unspecified` lets it infer the type from the context, which strings use
/// so they can fill `uuid`, enum or `citext` columns).
public protocol PostgresEncodable: Sendable {
    /// The type sent with the parameter.
    static var postgresType: PostgresType { get }
    /// Appends the value's PostgreSQL text representation (no quoting, no escaping).
    func encodePostgresText(into buffer: inout [UInt8])
    /// True only for a nil `Optional`, which is sent as SQL NULL.
    var isPostgresNull: Bool { get }
}

extension PostgresEncodable {
    public var isPostgresNull: Bool { false }
}

/// A type that can also be an element of a one-dimensional array parameter.
public protocol PostgresArrayElement: PostgresEncodable {
    /// The array type whose elements are `postgresType`.
    static var postgresArrayType: PostgresType { get }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public func encodePostgresText(into buffer: inout [UInt8]) {
        if let value = self { value.encodePostgresText(into: &buffer) }
    }
    public var isPostgresNull: Bool {
        switch self {
        case .none: return true
        case .some(let value): return value.isPostgresNull
        }
    }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
}

/// Arrays are sent as one-dimensional PostgreSQL arrays, except `[UInt8]`, which is `bytea`.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.postgresArrayType }

    /// Writes an array literal: `{"1","2",NULL}`. Every element is quoted, with `"` and `\`
    /// escaped, which is valid for every element type.
    public func encodePostgresText(into buffer: inout [UInt8]) {
        if Element.self == UInt8.self, let bytes = self as? [UInt8] {
            appendByteaHex(bytes, to: &buffer)
            return
        }
        buffer.append(UInt8(ascii: "{"))
        var scratch: [UInt8] = []
        for (index, element) in enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            if element.isPostgresNull {
                buffer.append(contentsOf: "NULL".utf8)
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            element.encodePostgresText(into: &scratch)
            buffer.append(UInt8(ascii: "\""))
            for byte in scratch {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { buffer.append(UInt8(ascii: "\\")) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

extension String: PostgresArrayElement {
    public static var postgresType: PostgresType { .unspecified }
    public static var postgresArrayType: PostgresType { .textArray }
    public func encodePostgresText(into buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unspecified }
    public func encodePostgresText(into buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Bool: PostgresArrayElement {
    public static var postgresType: PostgresType { .bool }
    public static var postgresArrayType: PostgresType { .boolArray }
    public func encodePostgresText(into buffer: inout [UInt8]) {
        buffer.append(self ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }
}

/// Appends the decimal digits of an integer without going through `String`.
@inlinable
func appendDecimal(_ value: Int64, to buffer: inout [UInt8]) {
    if value == 0 {
        buffer.append(UInt8(ascii: "0"))
        return
    }
    var magnitude = value.magnitude
    if value < 0 { buffer.append(UInt8(ascii: "-")) }
    let start = buffer.count
    while magnitude > 0 {
        buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
        magnitude /= 10
    }
    buffer[start...].reverse()
}

extension Int: PostgresArrayElement {
    public static var postgresType: PostgresType { .int8 }
    public static var postgresArrayType: PostgresType { .int8Array }
    public func encodePostgresText(into buffer: inout [UInt8]) { appendDecimal(Int64(self), to: &buffer) }
}

extension Int64: PostgresArrayElement {
    public static var postgresType: PostgresType { .int8 }
    public static var postgresArrayType: PostgresType { .int8Array }
    public func encodePostgresText(into buffer: inout [UInt8]) { appendDecimal(self, to: &buffer) }
}

extension Int32: PostgresArrayElement {
    public static var postgresType: PostgresType { .int4 }
    public static var postgresArrayType: PostgresType { .int4Array }
    public func encodePostgresText(into buffer: inout [UInt8]) { appendDecimal(Int64(self), to: &buffer) }
}

extension Int16: PostgresArrayElement {
    public static var postgresType: PostgresType { .int2 }
    public static var postgresArrayType: PostgresType { .int2Array }
    public func encodePostgresText(into buffer: inout [UInt8]) { appendDecimal(Int64(self), to: &buffer) }
}

extension Double: PostgresArrayElement {
    public static var postgresType: PostgresType { .float8 }
    public static var postgresArrayType: PostgresType { .float8Array }
    public func encodePostgresText(into buffer: inout [UInt8]) {
        if isNaN {
            buffer.append(contentsOf: "NaN".utf8)
        } else if isInfinite {
            buffer.append(contentsOf: (self < 0 ? "-Infinity" : "Infinity").utf8)
        } else {
            buffer.append(contentsOf: description.utf8)
        }
    }
}

extension Float: PostgresArrayElement {
    public static var postgresType: PostgresType { .float4 }
    public static var postgresArrayType: PostgresType { .float4Array }
    public func encodePostgresText(into buffer: inout [UInt8]) {
        if isNaN {
            buffer.append(contentsOf: "NaN".utf8)
        } else if isInfinite {
            buffer.append(contentsOf: (self < 0 ? "-Infinity" : "Infinity").utf8)
        } else {
            buffer.append(contentsOf: description.utf8)
        }
    }
}

/// A single byte is a `smallint`; an array of bytes, `[UInt8]`, is `bytea` (see `Array`).
extension UInt8: PostgresArrayElement {
    public static var postgresType: PostgresType { .int2 }
    public static var postgresArrayType: PostgresType { .bytea }
    public func encodePostgresText(into buffer: inout [UInt8]) { appendDecimal(Int64(self), to: &buffer) }
}

/// Writes `\x` and two hex digits per byte: `bytea`'s text form.
func appendByteaHex(_ bytes: [UInt8], to buffer: inout [UInt8]) {
    let digits: StaticString = "0123456789abcdef"
    buffer.reserveCapacity(buffer.count + 2 + bytes.count * 2)
    buffer.append(UInt8(ascii: "\\"))
    buffer.append(UInt8(ascii: "x"))
    digits.withUTF8Buffer { hex in
        for byte in bytes {
            buffer.append(hex[Int(byte >> 4)])
            buffer.append(hex[Int(byte & 0x0f)])
        }
    }
}
