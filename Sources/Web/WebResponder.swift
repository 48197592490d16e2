import HTTP
import HTTPServer

/// The web layer as the server sees it: compiles a `Router` and runs every request
/// through the built-in middleware (security headers, error pages), the application's
/// middleware, and the matched route. (Access lines come from the server's log callback,
/// formatted by `AccessLogLine`.)
///
/// ```swift
/// let responder = try WebResponder(router: router, configuration: .init(defaultBodyLimit: limits.maxBodyBytes))
/// let server = HTTPServer(configuration: serverConfiguration, responder: responder, ...)
/// ```
public struct WebResponder: HTTPResponder {
    /// How the responder behaves; every field has a safe default.
    public struct Configuration: Sendable {
        /// The most body bytes a route accepts unless it says otherwise (`bodyLimit:`).
        public var defaultBodyLimit: Int
        /// The application's middleware, outermost first. It runs inside the built-ins,
        /// so its errors get error pages and its responses get security headers.
        public var middleware: [any Middleware]
        /// Headers added to every response that does not set them itself.
        public var securityHeaders: SecurityHeaders
        /// Renders the page for an error; replace it to render from templates.
        public var errorPages: any ErrorPageRenderer
        /// Where error details go.
        public var log: LogWriter
        /// Reverse proxies whose `X-Forwarded-For` names the client (`RequestContext.remoteAddress`);
        /// empty by default: the client is the socket's peer.
        public var trustedProxies: TrustedProxies
        /// Which paths each of two hosts serves (the other host answers 404); nil: every
        /// path on every host.
        public var hostPartition: HostPartition?

        public init(
            defaultBodyLimit: Int = 1 << 20,
            middleware: [any Middleware] = [],
            securityHeaders: SecurityHeaders = SecurityHeaders(),
            errorPages: any ErrorPageRenderer = BuiltInErrorPages(),
            log: LogWriter = .standardError,
            trustedProxies: TrustedProxies = TrustedProxies(),
            hostPartition: HostPartition? = nil
        ) {
            self.defaultBodyLimit = defaultBodyLimit
            self.middleware = middleware
            self.securityHeaders = securityHeaders
            self.errorPages = errorPages
            self.log = log
            self.trustedProxies = trustedProxies
            self.hostPartition = hostPartition
        }
    }

    public let configuration: Configuration
    private let tree: RouteTree
    private let entry: Handler
    /// Methods that have at least one route with its own body limit; for the others the
    /// default applies without looking the route up.
    private let methodsWithOwnBodyLimit: Set<HTTPMethod>

    /// Compiles the routes; throws when a pattern is malformed or a route is registered twice.
    public init(router: Router, configuration: Configuration = Configuration()) throws(RouteError) {
        let tree = try RouteTree(router.definitions)
        self.tree = tree
        var methods = Set(router.definitions.filter { $0.bodyLimit != nil }.map(\.method))
        if methods.contains(.get) { methods.insert(.head) }
        methodsWithOwnBodyLimit = methods
        self.configuration = configuration

        let chain: [any Middleware] = [
            SecurityHeadersMiddleware(configuration.securityHeaders),
            ErrorMiddleware(renderer: configuration.errorPages, log: configuration.log),
        ] + configuration.middleware
        entry = chain.wrapping { [hostPartition = configuration.hostPartition] request, context in
            try Self.dispatch(request, context, tree: tree, hostPartition: hostPartition)
        }
    }

    public func bodyLimit(for head: HTTPRequestHead) -> Int {
        guard methodsWithOwnBodyLimit.contains(head.method) else { return configuration.defaultBodyLimit }
        if case .found(let route, _) = tree.match(method: head.method, path: RequestTarget.path(head.target)),
           let limit = route.bodyLimit {
            return limit
        }
        return configuration.defaultBodyLimit
    }

    public func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse {
        let context = RequestContext(
            request: request, connection: connection, trustedProxies: configuration.trustedProxies)
        do {
            return try entry(request, context)
        } catch {
            // Only reachable when application middleware outside the error middleware
            // throws, which the built-in order prevents; answer anyway.
            configuration.log.write("error id=\(context.requestID): \(String(reflecting: error))")
            return HTTPResponse.text("Internal Server Error", status: .internalServerError)
        }
    }

    private static func dispatch(
        _ request: HTTPRequest, _ context: RequestContext, tree: RouteTree, hostPartition: HostPartition?
    ) throws -> HTTPResponse {
        // What the application's middleware established, for error pages of unrouted requests.
        context.scope.record(context)
        if let hostPartition, !hostPartition.allows(request) { throw WebError.notFound() }
        // Decided once for every route: a handler reading its filters from a query that did
        // not decode would see none of them and quietly answer for everything.
        if let problem = context.query.malformation { throw WebError.badRequest(problem) }
        switch tree.match(method: request.method, path: RequestTarget.path(request.target)) {
        case .found(let route, let parameters):
            var context = context
            context.parameters = parameters
            context.route = route.pattern
            return try route.run(request, context)
        case .options(let allowed):
            return HTTPResponse(
                status: .noContent,
                headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
            )
        case .methodNotAllowed(let allowed):
            throw WebError.methodNotAllowed(allowed: allowed)
        case .notFound:
            throw WebError.notFound()
        }
    }
}
