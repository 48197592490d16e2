import Foundation
import HTTP
import HTTPServer
import Mustache
import Synchronization
import Testing
import Web
@testable import Lodestar

/// The Google sign-in flow in headless Chromium: the browser follows the real redirects
/// between the app (our HTTPServer) and the stand-in provider (another HTTPServer), with
/// the state cookie set and sent back by the browser itself.
@Suite(.serialized) struct BrowserGoogleFlowTests {
    /// The controller on a real socket, with a page at /app that shows who was verified.
    private final class Site: Sendable {
        let server: HTTPServer
        let baseURL: String
        let recorder = GoogleSignInControllerTests.Recorder()

        init(provider: StandInOIDCProvider) throws {
            let port = try ChromeDriver.freePort()
            baseURL = "http://127.0.0.1:\(port)"
            let settings = try #require(try GoogleSettings(environment: provider.environment))
            let recorder = self.recorder
            let controller = GoogleSignInController(
                settings: settings, baseURL: baseURL,
                completeSignIn: { identity, _, _, _ in
                    recorder.identities.withLock { $0.append(identity) }
                    return try .redirect(to: "/app")
                },
                recordRefusal: { _, _, _ in }
            )
            var router = Router()
            router.get("/login") { _, _ in .html(#"<a id="google" href="/auth/google">Sign in with Google</a>"#) }
            router.get("/auth/google", controller.start)
            router.get("/auth/google/callback", controller.callback)
            router.get("/app") { _, _ in .html("<h1>Welcome \(HTMLEscaping.escape(recorder.identities.withLock { $0.last?.email ?? "nobody" }))</h1>") }
            server = try LoopbackServer.start(try WebResponder(router: router, configuration: .init(log: .discard)), port: port)
        }
    }

    @Test func theGoogleButtonSignsInThroughTheProvider() throws {
        let provider = try StandInOIDCProvider()
        defer { provider.stop() }
        let app = try Site(provider: provider)
        defer { LoopbackServer.stop(app.server) }
        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }

        try browser.navigate(to: app.baseURL + "/login")
        try browser.element("#google").click()
        let landed = try browser.waitForURL { $0.hasSuffix("/app") }
        #expect(landed == app.baseURL + "/app")
        #expect(try browser.element("h1").text == "Welcome ada@example.com")
        #expect(app.recorder.identities.withLock { $0.count } == 1)
        #expect(provider.authorizeQueries.count == 1)
    }

    @Test func cancellingAtTheProviderShowsTheCancelledPage() throws {
        let provider = try StandInOIDCProvider()
        defer { provider.stop() }
        provider.denyNextAuthorization()
        let app = try Site(provider: provider)
        defer { LoopbackServer.stop(app.server) }
        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }

        try browser.navigate(to: app.baseURL + "/login")
        try browser.element("#google").click()
        _ = try browser.waitForURL { $0.contains("/auth/google/callback") }
        #expect(try browser.pageText.contains("Google sign-in was cancelled"))
        #expect(app.recorder.identities.withLock { $0.isEmpty })
    }
}
