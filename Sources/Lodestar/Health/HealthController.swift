import HTTP
import Postgres
import Web

/// `/healthz`, for load balancers and process supervisors: 200 `ok` while this process can
/// serve requests and its database answers, 503 while the database cannot be reached (and
/// 200 again once it is back, since the pool reconnects by itself). The answer may be up to
/// a second old (see `DatabaseHealth`).
struct HealthController: Sendable {
    let database: DatabaseHealth

    func check(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        var response: HTTPResponse
        if database.isHealthy {
            response = .text("ok")
        } else {
            response = .text("database unavailable", status: .serviceUnavailable)
            response.headers.set("Retry-After", String(DatabaseUnavailableMiddleware.retryAfterSeconds))
        }
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
