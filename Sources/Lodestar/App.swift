import HTTP
import Postgres
import Web

/// The application as one value: its configuration, its controllers, and the responder
/// the HTTP server (or a `TestClient`) talks to, built from the one route table in
/// `App+routes.swift`.
public struct App: Sendable {
    public let configuration: AppConfiguration
    public let responder: WebResponder
    /// The connection pool every feature's repository uses; connections open on demand.
    public let database: ConnectionPool

    /// - Parameters:
    ///   - defaultBodyLimit: the most body bytes a route accepts unless it raises its own
    ///     limit; `lodestar serve` passes the server's `HTTP_MAX_BODY_BYTES`.
    ///   - log: where error details go (standard error by default).
    /// - Throws: `RouteError` when the route table is inconsistent.
    public init(configuration: AppConfiguration, defaultBodyLimit: Int = 1 << 20, log: LogWriter = .standardError) throws {
        self.configuration = configuration
        database = ConnectionPool(
            configuration: configuration.database.connection, poolConfiguration: configuration.database.pool
        )
        let controllers = Controllers(configuration, database: database)
        var web = WebResponder.Configuration(
            defaultBodyLimit: defaultBodyLimit, middleware: [DatabaseUnavailableMiddleware()], log: log
        )
        if configuration.baseURL.lowercased().hasPrefix("https://") {
            web.securityHeaders.strictTransportSecurity = "max-age=31536000"
        }
        responder = try WebResponder(router: Self.routes(controllers), configuration: web)
    }
}

/// Every controller the route table mounts, built once from the configuration.
struct Controllers: Sendable {
    let health: HealthController
    let staticFiles: StaticFiles

    init(_ configuration: AppConfiguration, database: ConnectionPool) {
        health = HealthController(database: database)
        var options = StaticFiles.Options()
        options.maxAge = configuration.staticMaxAge
        // In development, edited assets show up on the next request.
        options.revalidate = configuration.mode == .development
        staticFiles = StaticFiles(root: configuration.publicDirectory, options: options)
    }
}
