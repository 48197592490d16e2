/// The decoded values of a matched route's `:name` and `*name` segments.
///
/// Values are percent-decoded; the router never lets one be empty, `.` or `..`, or
/// contain `/`, `\` or NUL, so a parameter cannot smuggle a path into a handler.
/// A value that does not parse as the type asked for throws a 404.
public struct RouteParameters: TypedValues, Sendable, Equatable {
    private var pairs: [FormField] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { FormField(name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> String? {
        pairs.first(where: { $0.name == name })?.value
    }

    public var count: Int { pairs.count }

    mutating func append(_ name: String, _ value: String) {
        pairs.append(FormField(name: name, value: value))
    }

    mutating func removeLast() {
        pairs.removeLast()
    }

    /// A handler asked for a parameter its route does not declare: a programming
    /// mistake, so it surfaces as a 500 with the detail in the log.
    public func missingValueError(_ name: String) -> any Error {
        UndeclaredRouteParameter(name: name)
    }

    public func invalidValueError(_ name: String, expected: String) -> any Error {
        WebError.notFound()
    }
}

/// A handler read a route parameter that its pattern does not declare.
struct UndeclaredRouteParameter: Error, CustomStringConvertible {
    let name: String
    var description: String { "the matched route has no parameter named '\(name)'" }
}
