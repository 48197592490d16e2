import DNS
import Postgres
import Web

/// Every setting the application reads, filled from the environment in one place
/// (`AppConfiguration(environment:)`) and handed down from `main`; nothing else reads
/// environment variables.
public struct AppConfiguration: Sendable {
    public enum Mode: String, Sendable {
        case development, production, test
    }

    /// `LODESTAR_ENV`: development (the `make run` default) reloads templates and migrates on start.
    public var mode: Mode
    /// `HOST`, default 127.0.0.1.
    public var host: String
    /// `PORT`, default 8080.
    public var port: Int
    /// `BASE_URL`, the address people use to reach this server; default http://localhost:PORT.
    public var baseURL: String
    /// `LANDING_BASE_URL`, the address of the public landing pages (`/f/`, `/t/`, `/u/`) when
    /// they have a host of their own (the recommended production set-up, see
    /// `App.hostPartition`); nil (the default): they are served on `BASE_URL`'s host.
    public var landingBaseURL: String?
    /// The database: `DATABASE_URL` (or the `PG*` variables) and the pool settings.
    public var database: DatabaseSettings
    /// `PUBLIC_DIR`, the directory served at `/static/`; default `Public` (relative to the
    /// working directory, which `make run` sets to the repository).
    public var publicDirectory: String
    /// `STATIC_MAX_AGE`, seconds browsers may cache unversioned static files; default 3600
    /// in production and 0 (always revalidate) in development.
    public var staticMaxAge: Int
    /// `TRUSTED_PROXIES`: reverse proxies (addresses and CIDR ranges, comma-separated)
    /// whose `X-Forwarded-For` names the client; default empty (the client is the peer).
    public var trustedProxies: TrustedProxies
    /// `TEMPLATES_DIR`, the page templates; default `Templates` (relative to the working
    /// directory). Reloaded when changed in development.
    public var templatesDirectory: String
    /// Sessions and sign-in throttling (`SESSION_*`, `LOGIN_*`).
    public var access: AccessSettings
    /// Google sign-in (`GOOGLE_*`); nil when no client id and secret are set.
    public var google: GoogleSettings?
    /// The public landing pages `/f/{slug}` (`FORM_*`).
    public var landing: LandingSettings
    /// Background jobs: `lodestar worker` and the queue (`WORKER_*`, `JOBS_*`).
    public var worker: WorkerSettings
    /// The DNS resolver's servers and timeout (`DNS_SERVERS`, `DNS_TIMEOUT_MS`).
    public var dns: DNSResolver.Configuration
    /// Lead exports streaming at once (`LEAD_EXPORTS_*`).
    public var leadExports: LeadExportSettings
    /// `SLUG_RESERVATION_DAYS`: how long a deleted campaign's landing-page address (or one
    /// a campaign moved away from) stays reserved to its organization; default 90, 0: none.
    public var slugReservationDays: Int

    public init(environment: [String: String]) throws {
        let modeName = environment["LODESTAR_ENV"] ?? "production"
        guard let mode = Mode(rawValue: modeName) else {
            throw ConfigurationError("LODESTAR_ENV must be development, production or test, not '\(modeName)'")
        }
        self.mode = mode
        host = environment["HOST"] ?? "127.0.0.1"
        port = try Self.integer(environment, "PORT", default: 8080, range: 1...65535)
        baseURL = environment["BASE_URL"] ?? "http://localhost:\(port)"
        landingBaseURL = try Self.origin(environment, "LANDING_BASE_URL")
        do {
            _ = try App.hostPartition(baseURL: baseURL, landingBaseURL: landingBaseURL)
        } catch {
            throw ConfigurationError("LANDING_BASE_URL: \(error)")
        }
        do {
            trustedProxies = try TrustedProxies(parsing: environment["TRUSTED_PROXIES"] ?? "")
        } catch {
            throw ConfigurationError("TRUSTED_PROXIES: \(error)")
        }
        database = try DatabaseSettings(environment: environment)
        publicDirectory = environment["PUBLIC_DIR"] ?? "Public"
        templatesDirectory = environment["TEMPLATES_DIR"] ?? "Templates"
        staticMaxAge = try Self.integer(
            environment, "STATIC_MAX_AGE", default: mode == .development ? 0 : 3600, range: 0...31_536_000
        )
        access = try AccessSettings(environment: environment)
        google = try GoogleSettings(environment: environment)
        landing = try LandingSettings(environment: environment)
        worker = try WorkerSettings(environment: environment)
        dns = try Self.dnsConfiguration(environment)
        leadExports = try LeadExportSettings(environment: environment, poolSize: database.pool.size)
        slugReservationDays = try Self.integer(environment, "SLUG_RESERVATION_DAYS", default: 90, range: 0...3650)
    }

    /// Reads a setting holding an origin (`https://host[:port]`, a trailing `/` dropped);
    /// nil when unset or empty.
    static func origin(_ environment: [String: String], _ name: String) throws -> String? {
        guard var url = environment[name], !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        guard !afterScheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else {
            throw ConfigurationError("\(name) must be an origin such as https://go.example.com (no path), not '\(url)'")
        }
        return url
    }

    /// Reads an integer setting, refusing values that are not numbers or out of range.
    public static func integer(
        _ environment: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>
    ) throws -> Int {
        guard let text = environment[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }
}

/// Where the database is and how the connection pool behaves.
public struct DatabaseSettings: Sendable {
    /// `DATABASE_URL` (`postgres://user:password@host:port/database?sslmode=...`), or the
    /// `PGHOST`/`PGPORT`/`PGUSER`/`PGPASSWORD`/`PGDATABASE` variables when it is not set.
    public var connection: PostgresConfiguration
    /// `DATABASE_POOL_SIZE` (default 10), `DATABASE_ACQUIRE_TIMEOUT_MS` (5000),
    /// `DATABASE_IDLE_CHECK_MS` (30000), `DATABASE_STATEMENT_TIMEOUT_MS` (30000, 0 = none).
    public var pool: PoolConfiguration
    /// `MIGRATIONS_DIR`, default `Migrations` (relative to the working directory).
    public var migrationsDirectory: String

    public init(environment: [String: String]) throws {
        do {
            connection = try PostgresConfiguration(environment: environment)
            pool = try PoolConfiguration(environment: environment)
        } catch let error as PostgresError {
            throw ConfigurationError(error.description)
        }
        migrationsDirectory = environment["MIGRATIONS_DIR"] ?? "Migrations"
    }
}

/// A setting that cannot be used, with a message naming the variable.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
