import HTTP
import HTTPServer

/// Everything a handler knows about a request besides the request itself: where it came
/// from, its id, the route that matched and its parameters, the query, and values that
/// middleware placed in typed storage (later: the session, the signed-in user).
///
/// A value type: middleware that adds something makes a changed copy and passes it on.
///
/// ```swift
/// router.get("/app/leads/:id") { request, context in
///     let id = try context.parameters.int64("id")      // not a number -> 404
///     let page = try context.query.optionalInt("page") ?? 1  // not a number -> 400
///     ...
/// }
/// ```
public struct RequestContext: Sendable {
    /// The connection the request came on.
    public var connection: ConnectionInfo
    /// Identifies this request in the log and on error pages (`reference: ...`).
    public var requestID: String
    /// When the web layer received the request.
    public var startTime: ContinuousClock.Instant
    /// The parameters of the matched route; empty until the router has matched.
    public var parameters: RouteParameters
    /// The pattern of the matched route (`/app/leads/:id`); set for route middleware and handlers.
    public var route: String?
    /// The query string's parameters, decoded on first use.
    public var query: QueryParameters { scope.query }
    /// Values that middleware attach for the handlers after it.
    public var storage: ContextStorage

    /// Shared by every copy of this request's context.
    let scope: RequestScope

    /// A context for a request that has not been routed yet.
    ///
    /// - Parameter trustedProxies: the peers whose `X-Forwarded-For` names the client
    ///   (see `ClientAddress`); by default nobody's, so the client is the peer.
    public init(
        request: HTTPRequest,
        connection: ConnectionInfo,
        trustedProxies: TrustedProxies = TrustedProxies(),
        requestID: String = RequestID.next(),
        startTime: ContinuousClock.Instant = .now
    ) {
        self.connection = connection
        remoteAddress = trustedProxies.isEmpty ? connection.remoteAddress : ClientAddress.resolve(
            peer: connection.remoteAddress, forwardedFor: request.headers.values("X-Forwarded-For"),
            trusted: trustedProxies)
        self.requestID = requestID
        self.startTime = startTime
        parameters = RouteParameters()
        route = nil
        storage = ContextStorage()
        scope = RequestScope(target: request.target)
    }

    /// The client's address as text ("127.0.0.1", "::1"): the peer's, or, when the peer
    /// is a trusted proxy, the one its `X-Forwarded-For` names. Use it for per-address
    /// limits and records; `connection.remoteAddress` is the socket's peer.
    public var remoteAddress: String

    /// The value stored under `key`, or nil.
    public subscript<Key: ContextKey>(key: Key.Type) -> Key.Value? {
        get { storage[key] }
        set { storage[key] = newValue }
    }

    /// The value stored under `key`, or `error` when middleware did not provide one
    /// (for example a 401 when no signed-in user is present).
    public func require<Key: ContextKey>(_ key: Key.Type, orThrow error: @autoclosure () -> any Error) throws -> Key.Value {
        guard let value = storage[key] else { throw error() }
        return value
    }
}

/// Names one typed slot in `ContextStorage`:
///
/// ```swift
/// enum CurrentUserKey: ContextKey { typealias Value = User }
/// context[CurrentUserKey.self] = user
/// ```
public protocol ContextKey {
    associatedtype Value: Sendable
}

/// Typed slots keyed by `ContextKey` types.
public struct ContextStorage: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public subscript<Key: ContextKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
