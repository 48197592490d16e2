import HTTP

/// The decoded `name=value` pairs of a request's query string, in order. A query that
/// cannot be decoded (a bad `%` escape, invalid UTF-8, too many pairs) reads as empty and
/// `malformation` says why; `WebResponder` answers such a request 400 before any route
/// runs, so handlers never see one. A missing or wrong required value throws a 400.
public struct QueryParameters: FieldValues, Sendable, Equatable {
    /// Every pair in the order sent.
    public let fields: [FormField]
    /// Why the query string could not be decoded, for the person; nil when it could.
    public let malformation: String?
    /// True when the query string could not be decoded at all.
    public var isMalformed: Bool { malformation != nil }

    /// The most pairs a query may carry; past it the query reads as malformed.
    public static let maxFields = 1000

    /// Parses `query` (the part after `?`, still encoded).
    public init(query: Substring?) {
        guard let query else {
            (fields, malformation) = ([], nil)
            return
        }
        do {
            let parsed = try URLEncodedForm(parsing: query)
            if parsed.count <= Self.maxFields {
                (fields, malformation) = (parsed.fields, nil)
            } else {
                (fields, malformation) = ([], "This address has more than \(Self.maxFields) parameters after its '?'; no page takes that many.")
            }
        } catch {
            (fields, malformation) = ([], "This address could not be read: the part after its '?' holds a %-escape that is broken "
                + "or is not UTF-8 text (such as %FF). Check the link, or go back and try again.")
        }
    }

    public func missingValueError(_ name: String) -> any Error {
        WebError.badRequest("The address is missing the '\(name)' parameter.")
    }

    public func invalidValueError(_ name: String, expected: String) -> any Error {
        WebError.badRequest("The address's '\(name)' parameter must be \(expected).")
    }
}
