import HTTP

/// Collects routes: a method, a path pattern and a handler each, optionally inside
/// groups that share a path prefix and middleware. `WebResponder` compiles the routes
/// into a tree once at start-up; pattern mistakes fail start-up with a clear message.
///
/// Patterns are `/`-separated segments:
/// - a literal (`leads`), compared with the request's percent-decoded segment;
/// - `:name`, one segment, read with `context.parameters.int64("name")` and friends;
/// - `*name`, last only: one or more remaining segments, joined with `/`.
///
/// Literals win over `:name`, which wins over `*name`. GET routes answer HEAD too.
///
/// ```swift
/// var router = Router()
/// router.get("/healthz") { _, _ in .text("ok") }
/// router.group("/app", middleware: [RequireUser()]) { app in
///     app.get("/leads/:id", leads.show)
///     app.post("/imports", bodyLimit: 200 << 20, imports.upload)
/// }
/// ```
public struct Router: Sendable {
    /// One registered route before compilation.
    struct Definition: Sendable {
        var method: HTTPMethod
        var pattern: String
        var middleware: [any Middleware]
        var bodyLimit: Int?
        var handler: Handler
    }

    private let prefix: String
    private let middleware: [any Middleware]
    private(set) var definitions: [Definition] = []

    public init() {
        prefix = ""
        middleware = []
    }

    private init(prefix: String, middleware: [any Middleware]) {
        self.prefix = prefix
        self.middleware = middleware
    }

    /// Adds a route. `bodyLimit` raises (or lowers) the most body bytes this route
    /// accepts; without it the responder's default applies.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping Handler
    ) {
        definitions.append(Definition(
            method: method, pattern: Self.join(prefix, pattern), middleware: middleware,
            bodyLimit: bodyLimit, handler: handler
        ))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) {
        add(.get, pattern, handler)
    }

    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        add(.post, pattern, bodyLimit: bodyLimit, handler)
    }

    public mutating func put(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        add(.put, pattern, bodyLimit: bodyLimit, handler)
    }

    public mutating func patch(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping Handler) {
        add(.patch, pattern, bodyLimit: bodyLimit, handler)
    }

    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) {
        add(.delete, pattern, handler)
    }

    /// Routes under a common prefix that all run `middleware` (after the responder's
    /// global middleware, before the handler). Groups nest.
    public mutating func group(
        _ prefix: String, middleware: [any Middleware] = [], _ build: (inout Router) throws -> Void
    ) rethrows {
        var child = Router(prefix: Self.join(self.prefix, prefix), middleware: self.middleware + middleware)
        try build(&child)
        definitions.append(contentsOf: child.definitions)
    }

    /// Every route as `METHOD pattern`, in registration order (for listings and docs).
    public var routeList: [String] {
        definitions.map { "\($0.method) \($0.pattern)" }
    }

    private static func join(_ prefix: String, _ pattern: String) -> String {
        if prefix.isEmpty { return pattern }
        if pattern == "/" || pattern.isEmpty { return prefix }
        return prefix + pattern
    }
}

/// A route pattern or route table that cannot be used; start-up fails with it.
public struct RouteError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case malformedPattern(String, reason: String)
        case duplicateRoute(HTTPMethod, String)
        case conflictingParameterNames(String, existing: String, new: String)
    }

    private let kind: Kind

    static func malformedPattern(_ pattern: String, _ reason: String) -> RouteError {
        RouteError(kind: .malformedPattern(pattern, reason: reason))
    }

    static func duplicateRoute(_ method: HTTPMethod, _ pattern: String) -> RouteError {
        RouteError(kind: .duplicateRoute(method, pattern))
    }

    static func conflictingParameterNames(_ pattern: String, existing: String, new: String) -> RouteError {
        RouteError(kind: .conflictingParameterNames(pattern, existing: existing, new: new))
    }

    public var description: String {
        switch kind {
        case .malformedPattern(let pattern, let reason):
            "route pattern '\(pattern)': \(reason)"
        case .duplicateRoute(let method, let pattern):
            "route \(method) \(pattern) is registered twice"
        case .conflictingParameterNames(let pattern, let existing, let new):
            "route pattern '\(pattern)': parameter '\(new)' sits where another route has '\(existing)'; use one name"
        }
    }
}
