/// The fields of an `application/x-www-form-urlencoded` body or a query string, in order.
///
/// Parsing splits on `&`, skips empty pieces, splits each piece at its first `=` (a piece
/// without one is a name with an empty value), turns `+` into space and decodes `%XX`.
/// A `%` without two hex digits, or a decoded name or value that is not UTF-8, throws.
public struct URLEncodedForm: Sendable, Equatable, Sequence {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(fields: [Field] = []) {
        self.fields = fields
    }

    /// Parses a body or a query string (without the `?`).
    public init(parsing text: some StringProtocol) throws(URLEncodingError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Parses the bytes of a body.
    public init(parsing bytes: [UInt8]) throws(URLEncodingError) {
        var scratch = bytes
        var fields: [Field] = []
        var position = PercentEncoding.Position(line: 1, column: 1)
        var start = 0
        while start <= scratch.count {
            var end = start
            while end < scratch.count, scratch[end] != UInt8(ascii: "&") { end += 1 }
            // Positions are worked out before decoding, which rewrites the bytes in place.
            let nextPosition = Self.advance(position, over: scratch[start..<Swift.min(end + 1, scratch.count)])
            if end > start {
                var equals = start
                while equals < end, scratch[equals] != HTTPSyntax.equals { equals += 1 }
                let valuePosition = Self.advance(position, over: scratch[start..<Swift.min(equals + 1, end)])
                let name = try PercentEncoding.decode(&scratch, start..<equals, plusAsSpace: true, start: position)
                var value = ""
                if equals < end {
                    value = try PercentEncoding.decode(&scratch, (equals + 1)..<end, plusAsSpace: true, start: valuePosition)
                }
                fields.append(Field(name: name, value: value))
            }
            position = nextPosition
            start = end + 1
        }
        self.fields = fields
    }

    private static func advance(_ position: PercentEncoding.Position, over bytes: ArraySlice<UInt8>) -> PercentEncoding.Position {
        var result = position
        for byte in bytes {
            if byte == HTTPSyntax.lf {
                result.line += 1
                result.column = 1
            } else {
                result.column += 1
            }
        }
        return result
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public var count: Int { fields.count }

    /// The first value for `name` (exact match), or nil.
    public subscript(name: String) -> String? {
        fields.first(where: { $0.name == name })?.value
    }

    /// Every value for `name`, in order (repeated checkboxes, multi-selects).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// The fields encoded back, `name=value` joined by `&`.
    public var encoded: String {
        var result = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { result.append("&") }
            result.append(PercentEncoding.encode(field.name, spaceAsPlus: true))
            result.append("=")
            result.append(PercentEncoding.encode(field.value, spaceAsPlus: true))
        }
        return result
    }
}
