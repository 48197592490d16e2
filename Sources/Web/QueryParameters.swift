import HTTP

/// The decoded `name=value` pairs of a request's query string, in order. A query that
/// cannot be decoded (a bad `%` escape, invalid UTF-8) reads as empty and `isMalformed`
/// is true; a missing or wrong required value throws a 400.
public struct QueryParameters: FieldValues, Sendable, Equatable {
    /// Every pair in the order sent.
    public let fields: [FormField]
    /// True when the query string could not be decoded at all.
    public let isMalformed: Bool

    /// The most pairs a query may carry; past it the query reads as malformed.
    public static let maxFields = 1000

    /// Parses `query` (the part after `?`, still encoded).
    public init(query: Substring?) {
        guard let query else {
            fields = []
            isMalformed = false
            return
        }
        if let parsed = try? URLEncodedForm(parsing: query), parsed.count <= Self.maxFields {
            fields = parsed.fields
            isMalformed = false
        } else {
            fields = []
            isMalformed = true
        }
    }

    public func missingValueError(_ name: String) -> any Error {
        WebError.badRequest("The address is missing the '\(name)' parameter.")
    }

    public func invalidValueError(_ name: String, expected: String) -> any Error {
        WebError.badRequest("The address's '\(name)' parameter must be \(expected).")
    }
}
