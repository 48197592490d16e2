import Foundation
import HTTPServer
import Lodestar
import Postgres
import Web

/// `lodestar serve`: runs the web application until SIGTERM or SIGINT.
struct ServeCommand: Command {
    let name = "serve"
    let summary = "Serve the web application on HOST:PORT (default 127.0.0.1:8080)"
    let usage = """
    Usage: lodestar serve

    Serves the web application until SIGTERM or SIGINT, then stops accepting, lets
    requests in flight finish (HTTP_SHUTDOWN_GRACE_SECONDS) and exits 0.

    Refuses to start when the database schema is not up to date (run `lodestar migrate`),
    except with LODESTAR_ENV=development, where it applies pending migrations first.

    Settings (environment): HOST, PORT, BASE_URL, LODESTAR_ENV, PUBLIC_DIR, STATIC_MAX_AGE,
    DATABASE_URL and DATABASE_*, and the HTTP_* server limits; see README.md.
    """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        try arguments.finish()
        // Access lines are batched so the event loops make no system call per request.
        let output = BufferedLogOutput()
        defer { output.close() }
        let log = output.writer
        let configuration: AppConfiguration
        let server: HTTPServer
        let app: App
        do {
            configuration = try AppConfiguration(environment: environment)
            for migration in try DatabaseStartup.prepare(configuration) {
                log.write("applied migration \(migration.fileName)")
            }
            (server, app) = try App.makeServing(configuration: configuration, environment: environment, log: log)
            try app.prepareDatabase()
            // In development one process does everything; in production `lodestar worker` runs the jobs.
            if configuration.mode == .development { app.startBackgroundJobs() }
            try server.start()
        } catch let error as ConfigurationError {
            throw CommandError(error.description)
        } catch let error as DatabaseStartup.NotReady {
            throw CommandError(error.description, status: 1)
        } catch let error as PostgresError {
            throw CommandError("cannot prepare the database: \(error.description)", status: 1)
        } catch let error as HTTPServerError {
            // A bad HTTP_* setting is the caller's mistake, like a bad PORT; anything else
            // (address in use, ...) is a failure to start.
            throw CommandError(error.description, status: error.settingName == nil ? 1 : 2)
        }
        log.write("listening on http://\(Self.hostForURL(configuration.host)):\(server.boundPort)")
        do {
            try server.run()
        } catch {
            throw CommandError(error.description, status: 1)
        }
        app.stop()
        log.write("stopped")
        return 0
    }

    /// IPv6 addresses go in brackets inside a URL.
    private static func hostForURL(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
