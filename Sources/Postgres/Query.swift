/// A SQL statement and its bind parameters, built by string interpolation so that values can
/// never become SQL text:
///
/// ```swift
/// let query: Query = "SELECT name FROM contacts WHERE organization_id = \(orgID) AND email = \(email)"
/// // sql: SELECT name FROM contacts WHERE organization_id = $1 AND email = $2
/// ```
///
/// Every interpolated `PostgresEncodable` value becomes a `$n` parameter. Identifiers go
/// through `\(identifier: "name")` (double-quoted, escaped); SQL text that is not a literal
/// can only be added with the deliberately named `\(unsafeRaw: ...)`. Interpolating another
/// `Query` merges its parameters and renumbers them.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$1`, `$2`, ... placeholders.
    public let sql: String
    /// SQL text between the parameters; `fragments.count == parameterCount + 1`.
    let fragments: [String]
    /// Every parameter's text, each followed by a NUL byte (NULLs take no room).
    let parameterBytes: [UInt8]
    /// Where each parameter starts in `parameterBytes`, or -1 for NULL.
    let parameterOffsets: [Int]
    /// The type sent with each parameter.
    let parameterTypes: [UInt32]

    /// The number of bind parameters.
    public var parameterCount: Int { parameterOffsets.count }

    public init(stringLiteral value: String) {
        self.init(fragments: [value], bytes: [], offsets: [], types: [])
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(
            fragments: stringInterpolation.fragments + [stringInterpolation.current],
            bytes: stringInterpolation.bytes,
            offsets: stringInterpolation.offsets,
            types: stringInterpolation.types
        )
    }

    /// A statement whose whole text comes from the caller, with no parameters. For SQL that is
    /// assembled by the program itself (migrations, tools), never from user input.
    public init(unsafeSQL: String) {
        self.init(stringLiteral: unsafeSQL)
    }

    init(fragments: [String], bytes: [UInt8], offsets: [Int], types: [UInt32]) {
        self.fragments = fragments
        self.parameterBytes = bytes
        self.parameterOffsets = offsets
        self.parameterTypes = types
        if fragments.count == 1 {
            sql = fragments[0]
        } else {
            var text = fragments[0]
            for index in 1..<fragments.count {
                text += "$"
                text += String(index)
                text += fragments[index]
            }
            sql = text
        }
    }

    /// This query followed by `other`, parameters renumbered.
    public static func + (lhs: Query, rhs: Query) -> Query {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.appendInterpolation(lhs)
        interpolation.appendInterpolation(rhs)
        return Query(stringInterpolation: interpolation)
    }

    /// The queries one after another with `separator` between them (for lists of conditions
    /// or values built in a loop).
    public static func joined(_ parts: [Query], separator: Query) -> Query {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        for (index, part) in parts.enumerated() {
            if index > 0 { interpolation.appendInterpolation(separator) }
            interpolation.appendInterpolation(part)
        }
        return Query(stringInterpolation: interpolation)
    }

    /// Whether the statement only reads: it starts with SELECT, VALUES, SHOW or TABLE. The
    /// pool retries such a statement once on a fresh connection when the old one was dead.
    var isReadOnly: Bool {
        var words = sql.utf8.drop(while: { $0 == 0x20 || $0 == 0x0a || $0 == 0x09 || $0 == 0x0d || $0 == 0x28 })
        words = words.prefix(while: { $0 >= 0x41 })
        let word = String(decoding: words, as: UTF8.self).lowercased()
        return word == "select" || word == "values" || word == "show" || word == "table"
    }

    /// The SQL text and the parameter count; parameter values are left out on purpose.
    public var description: String {
        parameterCount == 0 ? sql : "\(sql) [\(parameterCount) parameters]"
    }

    /// The text of parameter `index` (0-based), or nil for NULL. For tests and diagnostics.
    public func parameterText(at index: Int) -> String? {
        let start = parameterOffsets[index]
        guard start >= 0 else { return nil }
        let end = parameterBytes[start...].firstIndex(of: 0) ?? parameterBytes.endIndex
        return String(decoding: parameterBytes[start..<end], as: UTF8.self)
    }

    /// Builds a `Query` from literal SQL and interpolated values.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var fragments: [String] = []
        var current = ""
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        var types: [UInt32] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            current.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            current += literal
        }

        /// A value: becomes the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            fragments.append(current)
            current = ""
            types.append(Value.postgresType.oid)
            if value.isPostgresNull {
                offsets.append(-1)
            } else {
                offsets.append(bytes.count)
                value.encodePostgresText(into: &bytes)
                bytes.append(0)
            }
        }

        /// An optional value: the next `$n` parameter, NULL when nil.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            fragments.append(current)
            current = ""
            types.append(Value.postgresType.oid)
            if let value, !value.isPostgresNull {
                offsets.append(bytes.count)
                value.encodePostgresText(into: &bytes)
                bytes.append(0)
            } else {
                offsets.append(-1)
            }
        }

        /// An identifier (table, column, channel name), double-quoted with embedded quotes doubled.
        public mutating func appendInterpolation(identifier: String) {
            current += quoteIdentifier(identifier)
        }

        /// A qualified identifier such as `schema.table`, each part quoted.
        public mutating func appendInterpolation(identifier first: String, _ rest: String...) {
            current += ([first] + rest).map(quoteIdentifier).joined(separator: ".")
        }

        /// SQL text inserted as it is. Only for text the program itself chose (for example
        /// from an enum of allowed sort orders), never for anything a user typed.
        public mutating func appendInterpolation(unsafeRaw sql: String) {
            current += sql
        }

        /// Another query: its text and its parameters, renumbered to follow the ones so far.
        public mutating func appendInterpolation(_ query: Query) {
            current += query.fragments[0]
            let base = bytes.count
            for index in 0..<query.parameterOffsets.count {
                fragments.append(current)
                current = query.fragments[index + 1]
                let offset = query.parameterOffsets[index]
                offsets.append(offset < 0 ? -1 : offset + base)
            }
            bytes.append(contentsOf: query.parameterBytes)
            types.append(contentsOf: query.parameterTypes)
        }
    }
}

/// `"name"` with any `"` doubled, as PostgreSQL expects a quoted identifier.
public func quoteIdentifier(_ name: String) -> String {
    var quoted = "\""
    for character in name where character != "\0" {
        if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
    }
    quoted += "\""
    return quoted
}
