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
