import Foundation
import Testing
@testable import Lodestar

@Suite struct GoogleSettingsTests {
    @Test func withoutCredentialsGoogleSignInIsOff() throws {
        #expect(try GoogleSettings(environment: [:]) == nil)
        #expect(try AppConfiguration(environment: [:]).google == nil)
    }

    @Test func onlyOneCredentialIsAMistake() {
        #expect(throws: ConfigurationError.self) { try GoogleSettings(environment: ["GOOGLE_CLIENT_ID": "id"]) }
        #expect(throws: ConfigurationError.self) { try GoogleSettings(environment: ["GOOGLE_CLIENT_SECRET": "secret"]) }
    }

    @Test func defaultsAreGooglesEndpoints() throws {
        let settings = try #require(try GoogleSettings(environment: ["GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s"]))
        #expect(settings.authorizationURL.absoluteString == "https://accounts.google.com/o/oauth2/v2/auth")
        #expect(settings.tokenURL.absoluteString == "https://oauth2.googleapis.com/token")
        #expect(settings.userinfoURL.absoluteString == "https://openidconnect.googleapis.com/v1/userinfo")
        #expect(settings.acceptedIssuers == ["https://accounts.google.com", "accounts.google.com"])
    }

    @Test func theTokenEndpointMustUseTLSExceptOnThisMachine() throws {
        let base = ["GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s"]
        #expect(throws: ConfigurationError.self) {
            try GoogleSettings(environment: base.merging(["GOOGLE_TOKEN_URL": "http://tokens.example/token"]) { $1 })
        }
        #expect(throws: ConfigurationError.self) {
            try GoogleSettings(environment: base.merging(["GOOGLE_USERINFO_URL": "ftp://example/userinfo"]) { $1 })
        }
        let local = try GoogleSettings(environment: base.merging(["GOOGLE_TOKEN_URL": "http://127.0.0.1:9999/token", "GOOGLE_ISSUER": "http://127.0.0.1:9999"]) { $1 })
        #expect(local?.tokenURL.port == 9999)
        #expect(local?.acceptedIssuers == ["http://127.0.0.1:9999"])
    }
}
