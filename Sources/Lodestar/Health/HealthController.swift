import HTTP
import Web

/// `/healthz`, for load balancers and process supervisors: 200 `ok` while this process
/// can serve requests.
struct HealthController: Sendable {
    func check(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        // The PostgreSQL work adds its check here: a cheap query on a pooled connection,
        // answering 503 (with `Retry-After`) when the database cannot be reached.
        var response = HTTPResponse.text("ok")
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
