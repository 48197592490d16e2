import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// How the app behaves towards its database: the schema check `serve` makes, `/healthz`
/// while the database is unreachable, and 503 when no connection can be had.
@Suite struct DatabaseStartupTests {
    /// Runs `body` with a configuration in `mode` whose database is new and empty (dropped
    /// afterwards).
    private func withEmptyDatabase(_ body: (_ configurationIn: (AppConfiguration.Mode) throws -> AppConfiguration) throws -> Void) throws {
        let settings = try TestEnvironment.variables(["MIGRATIONS_DIR": TestEnvironment.migrationsDirectory])
        let base = try AppConfiguration(environment: settings).database.connection
        let name = "lodestar_scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try Connection(configuration: base)
        defer { admin.close() }
        try admin.execute(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0")
        defer { try? admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try body { mode in
            var configuration = try AppConfiguration(environment: settings)
            configuration.mode = mode
            configuration.database.connection = base.with(database: String(name))
            return configuration
        }
    }

    @Test func productionRefusesADatabaseThatIsBehind() throws {
        try withEmptyDatabase { configurationIn in
            let configuration = try configurationIn(.production)
            let error = try #require(throws: DatabaseStartup.NotReady.self) {
                try DatabaseStartup.prepare(configuration)
            }
            #expect(error.description.contains("0001_extensions.sql"))
            #expect(error.description.contains("lodestar migrate"))
        }
    }

    @Test func developmentMigratesFirstAndProductionThenStarts() throws {
        try withEmptyDatabase { configurationIn in
            let development = try configurationIn(.development)
            let applied = try DatabaseStartup.prepare(development)
            #expect(!applied.isEmpty)
            #expect(try DatabaseStartup.prepare(development).isEmpty)
            let production = try configurationIn(.production)
            #expect(try DatabaseStartup.prepare(production).isEmpty)
        }
    }

    @Test func healthzAnswers503WhileTheDatabaseCannotBeReached() throws {
        // Port 1 on loopback refuses connections at once.
        let settings = try TestEnvironment.variables([
            "DATABASE_URL": "postgres://lodestar@127.0.0.1:1/lodestar",
            "DATABASE_ACQUIRE_TIMEOUT_MS": "200",
        ])
        let app = try App(configuration: AppConfiguration(environment: settings), log: .discard)
        let response = TestClient(app.responder).get("/healthz")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.text == "database unavailable")
    }

    @Test func healthzAnswersOkWhenTheDatabaseAnswers() throws {
        let app = try App(configuration: AppConfiguration(environment: TestEnvironment.variables()), log: .discard)
        #expect(TestClient(app.responder).get("/healthz").status == .ok)
    }

    @Test func noConnectionInTimeIsA503PageNotA500() throws {
        let configuration = try AppConfiguration(environment: TestEnvironment.variables())
        let pool = ConnectionPool(
            configuration: configuration.database.connection,
            poolConfiguration: PoolConfiguration(size: 1, acquireTimeout: .milliseconds(100))
        )
        defer { pool.close() }
        let held = try pool.acquire()
        defer { pool.release(held) }
        var router = Router()
        router.get("/busy") { _, _ in
            _ = try pool.query("SELECT 1")
            return .text("unreachable")
        }
        let responder = try WebResponder(
            router: router,
            configuration: .init(middleware: [DatabaseUnavailableMiddleware()], log: .discard)
        )
        let response = TestClient(responder).get("/busy")
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers["Retry-After"] == "5")
        #expect(response.text.contains("cannot reach its database"))
    }
}

@Suite struct DatabaseHealthTests {
    @Test func answersFromOnePingWithinMaxAgeAndAsksAgainAfter() throws {
        let configuration = try AppConfiguration(environment: TestEnvironment.variables())
        let pool = ConnectionPool(configuration: configuration.database.connection)
        let health = DatabaseHealth(database: pool, maxAge: .milliseconds(300))
        #expect(health.isHealthy)
        // With the pool closed a fresh ping fails, but the answer is still the cached one.
        pool.close()
        #expect(health.isHealthy)
        Thread.sleep(forTimeInterval: 0.4)
        #expect(!health.isHealthy)
    }
}
