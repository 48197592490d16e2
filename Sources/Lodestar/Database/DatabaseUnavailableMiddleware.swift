import HTTP
import Postgres
import Web

/// Turns "the database cannot be reached right now" (no pooled connection in time, or the
/// server gone) into a 503 page with `Retry-After`, instead of a generic 500: the person
/// can try again shortly, and load balancers see the right status.
struct DatabaseUnavailableMiddleware: Middleware {
    static let retryAfterSeconds = 5

    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch let error as PostgresError where error.isPoolTimeout || error.isConnectionFailure {
            throw WebError(
                .serviceUnavailable,
                "Lodestar cannot reach its database at the moment. Please try again in a few seconds.",
                headers: ["Retry-After": String(Self.retryAfterSeconds)]
            )
        }
    }
}
