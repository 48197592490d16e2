/// A malformed percent-encoded string or `application/x-www-form-urlencoded` body.
public struct URLEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    let kind: Kind
    /// The line of the input (1-based; form bodies have one line unless malformed).
    public let line: Int
    /// The 1-based byte position in that line.
    public let column: Int

    init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    public var description: String { describeError(line: line, column: column, kind.message) }

    enum Kind: Sendable, Equatable {
        case invalidEscape
        case invalidUTF8

        var message: String {
            switch self {
            case .invalidEscape: "'%' not followed by two hexadecimal digits"
            case .invalidUTF8: "decoded bytes are not valid UTF-8"
            }
        }
    }
}
