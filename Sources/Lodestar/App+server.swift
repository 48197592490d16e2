import HTTP
import HTTPServer
import Web

extension App {
    /// The app behind an `HTTPServer`: host and port from `configuration`, server
    /// settings and limits (`HTTP_*`) from `environment`, the default body limit from
    /// `HTTP_MAX_BODY_BYTES`, and one access line per answered request written to `log`.
    /// The server is not started.
    public static func makeServer(
        configuration: AppConfiguration, environment: [String: String], log: LogWriter = .standardError
    ) throws -> HTTPServer {
        try makeServing(configuration: configuration, environment: environment, log: log).server
    }

    /// Like `makeServer`, also returning the app, whose `stop()` runs after the server
    /// stopped (it writes the landing pages' buffered views).
    public static func makeServing(
        configuration: AppConfiguration, environment: [String: String], log: LogWriter = .standardError
    ) throws -> (server: HTTPServer, app: App) {
        let serverConfiguration = try HTTPServerConfiguration(
            host: configuration.host, port: configuration.port, environment: environment
        )
        let app = try App(
            configuration: configuration, defaultBodyLimit: serverConfiguration.limits.maxBodyBytes, log: log
        )
        let server = HTTPServer(configuration: serverConfiguration, responder: app.responder) { entry in
            log.write(AccessLogLine.format(entry, trustedProxies: configuration.trustedProxies))
        }
        return (server, app)
    }
}
