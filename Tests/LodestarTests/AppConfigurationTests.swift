import Testing
@testable import Lodestar

@Suite struct AppConfigurationTests {
    @Test func defaultsWhenEnvironmentIsEmpty() throws {
        let configuration = try AppConfiguration(environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.mode == .production)
        #expect(configuration.baseURL == "http://localhost:8080")
    }

    @Test func refusesPortOutOfRange() {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["PORT": "70000"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["PORT": "eighty"])
        }
    }

    @Test func readsDatabaseSettings() throws {
        let configuration = try AppConfiguration(environment: [
            "DATABASE_URL": "postgres://app:secret@db.example:6432/crm?sslmode=require",
            "DATABASE_POOL_SIZE": "25",
            "DATABASE_ACQUIRE_TIMEOUT_MS": "750",
            "DATABASE_STATEMENT_TIMEOUT_MS": "0",
        ])
        #expect(configuration.database.connection.host == "db.example")
        #expect(configuration.database.connection.port == 6432)
        #expect(configuration.database.connection.database == "crm")
        #expect(configuration.database.pool.size == 25)
        #expect(configuration.database.pool.acquireTimeout == .milliseconds(750))
        #expect(configuration.database.pool.statementTimeout == nil)
        #expect(!configuration.database.connection.description.contains("secret"))
    }

    @Test func refusesBadDatabaseSettings() {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["DATABASE_POOL_SIZE": "none"])
        }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["DATABASE_URL": "mysql://localhost/crm"])
        }
    }

    @Test func refusesUnknownMode() {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["LODESTAR_ENV": "staging"])
        }
    }
}

@Suite struct AppConfigurationWebSettingsTests {
    @Test func publicDirectoryAndStaticMaxAge() throws {
        let production = try AppConfiguration(environment: [:])
        #expect(production.publicDirectory == "Public")
        #expect(production.staticMaxAge == 3600)
        let development = try AppConfiguration(environment: ["LODESTAR_ENV": "development", "PUBLIC_DIR": "/srv/assets"])
        #expect(development.publicDirectory == "/srv/assets")
        #expect(development.staticMaxAge == 0)
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: ["STATIC_MAX_AGE": "-1"]) }
    }
}
