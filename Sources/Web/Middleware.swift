import HTTP

/// What a route runs: the request and its context in, a response out. Throwing a
/// `PresentableError` (such as `WebError`) answers with its status and an error page.
public typealias Handler = @Sendable (HTTPRequest, RequestContext) throws -> HTTPResponse

/// A step around the rest of the chain: it may change the request or context before
/// calling `next`, answer without calling it, or change the response `next` returns.
///
/// ```swift
/// struct NoStore: Middleware {
///     func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
///         var response = try next(request, context)
///         response.headers.set("Cache-Control", "no-store")
///         return response
///     }
/// }
/// ```
public protocol Middleware: Sendable {
    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse
}

/// A middleware written as a closure.
public struct ClosureMiddleware: Middleware {
    private let body: @Sendable (HTTPRequest, RequestContext, Handler) throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest, RequestContext, Handler) throws -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        try body(request, context, next)
    }
}

extension Array where Element == any Middleware {
    /// Folds the middleware around `handler` once, so a request pays no per-call set-up.
    /// The first element is the outermost.
    func wrapping(_ handler: @escaping Handler) -> Handler {
        reversed().reduce(handler) { next, middleware in
            { request, context in try middleware.handle(request, context, next: next) }
        }
    }
}
