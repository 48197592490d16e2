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
