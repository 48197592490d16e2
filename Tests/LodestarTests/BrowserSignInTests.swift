import Foundation
import HTTPServer
import Postgres
import Security
import Testing
import Web
@testable import Lodestar

/// The sign-in pages in headless Chromium against the real app on a real socket
/// (`lodestar serve`'s HTTPServer + App) and the test database. Needs DATABASE_URL,
/// chromium and chromedriver, which `make test` provides; fails (does not skip) without.
@Suite(.serialized) struct BrowserSignInTests {
    /// The app as `lodestar serve` runs it, on a free port, Google pointed at `provider`.
    final class Site: @unchecked Sendable {
        let server: HTTPServer
        let baseURL: String
        let pool: ConnectionPool

        /// `extra` adds or overrides settings (e.g. a short `FORM_VIEW_FLUSH_MS`).
        init(provider: StandInOIDCProvider? = nil, settings extra: [String: String] = [:]) throws {
            let port = try ChromeDriver.freePort()
            baseURL = "http://127.0.0.1:\(port)"
            var settings = [
                "TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory,
                "HOST": "127.0.0.1", "PORT": String(port), "BASE_URL": baseURL, "HTTP_EVENT_LOOPS": "1", "HTTP_WORKERS": "4",
            ]
            if let provider { settings.merge(provider.environment) { $1 } }
            settings.merge(extra) { $1 }
            let environment = try TestEnvironment.variables(settings)
            let configuration = try AppConfiguration(environment: environment)
            server = try App.makeServer(configuration: configuration, environment: environment, log: .discard)
            try server.start()
            pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 2))
        }

        func stop() {
            LoopbackServer.stop(server)
            pool.close()
        }

        /// A new organization with a whitelisted member who signs in with `password`;
        /// returns (organization, email).
        func member(password: String) throws -> (String, String) {
            let organization = TestDatabase.unique("Org ")
            let email = TestDatabase.unique("ada") + "@example.com"
            let hash = try PasswordHasher().hash(password: password)
            try pool.transaction { transaction in
                let (organizationID, _) = try transaction.ensureOrganization(named: organization)
                let (user, _) = try transaction.ensureUser(email: email, name: "Ada Lovelace")
                try transaction.setPasswordHash(userID: user.id, hash)
                try transaction.scope(organizationID: organizationID, userID: user.id)
                try transaction.addMembership(organizationID: organizationID, userID: user.id, role: .admin)
                _ = try transaction.upsertWhitelist(organizationID: organizationID, pattern: email, role: .admin, addedBy: nil)
            }
            return (organization, email)
        }

        /// A new organization whose whitelist lets `email` in (not trusted: it invites).
        func organization(whitelisting email: String) throws -> String {
            let organization = TestDatabase.unique("Org ")
            try pool.transaction { transaction in
                let (organizationID, _) = try transaction.ensureOrganization(named: organization)
                try transaction.scope(organizationID: organizationID)
                _ = try transaction.upsertWhitelist(organizationID: organizationID, pattern: email, role: .manager, addedBy: nil)
            }
            return organization
        }
    }

    static let password = "correct horse battery staple 12"

    /// Runs `body` with a browser session, ending browser and driver afterwards.
    private func withBrowser(_ body: (WebDriverSession) throws -> Void) throws {
        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try body(browser)
    }

    private func fillSignIn(_ browser: WebDriverSession, site: Site, email: String, password: String) throws {
        try browser.navigate(to: site.baseURL + "/login")
        try browser.element("input[name=email]").sendKeys(email)
        try browser.element("input[name=password]").sendKeys(password)
        try browser.element("form[action='/login'] button[type=submit]").click()
    }

    @Test func signInWithPasswordShowsTheOrganizationThenSignOut() throws {
        let site = try Site()
        defer { site.stop() }
        let (organization, email) = try site.member(password: Self.password)
        try withBrowser { browser in
            try fillSignIn(browser, site: site, email: email, password: Self.password)
            _ = try browser.waitForURL { $0.hasSuffix("/app") }
            #expect(try browser.element("h1").text == organization)
            #expect(try browser.pageText.contains("Signed in as"))

            try browser.element(".site-nav__signout button").click()
            let after = try browser.waitForURL { $0.hasSuffix("/login") }
            #expect(after == site.baseURL + "/login")
            // Signed out for real: /app sends the browser back to the sign-in page.
            try browser.navigate(to: site.baseURL + "/app")
            #expect(try browser.waitForURL { $0.contains("/login") }.contains("/login"))
            #expect(try browser.element("h1").text == "Sign in")
        }
    }

    @Test func aWrongPasswordShowsTheErrorMessage() throws {
        let site = try Site()
        defer { site.stop() }
        let (_, email) = try site.member(password: Self.password)
        try withBrowser { browser in
            try fillSignIn(browser, site: site, email: email, password: "not the password at all")
            let error = try browser.element(".flash--error").text
            #expect(error == LoginController.invalidMessage)
            #expect(try browser.currentURL == site.baseURL + "/login")
            #expect(try browser.count(".site-nav__signout") == 0)
        }
    }

    /// The whitelist invites: the newcomer lands on their invitations, accepts, and is in.
    @Test func theGoogleButtonSignsAWhitelistedPersonIn() throws {
        let provider = try StandInOIDCProvider()
        defer { provider.stop() }
        let site = try Site(provider: provider)
        defer { site.stop() }
        let email = TestDatabase.unique("grace") + "@example.com"
        let organization = try site.organization(whitelisting: email)
        provider.identity.email = email
        provider.identity.subject = TestDatabase.unique("sub-")
        try withBrowser { browser in
            try browser.navigate(to: site.baseURL + "/login")
            try browser.element("a[href^='/auth/google']").click()
            _ = try browser.waitForURL { $0.hasSuffix("/invitations") }
            #expect(try browser.element("h1").text == "Invitations")
            #expect(try browser.pageText.contains(organization))
            try browser.element("form[action$='/accept'] button[type=submit]").click()
            _ = try browser.waitForURL { $0.hasSuffix("/app") }
            #expect(try browser.element("h1").text == organization)
            #expect(try browser.pageText.contains("Ada Lovelace"))
            #expect(try browser.pageText.contains("You joined \(organization) as Manager."))
        }
    }

    @Test func theGoogleButtonRefusesAPersonNotOnTheWhitelist() throws {
        let provider = try StandInOIDCProvider()
        defer { provider.stop() }
        let site = try Site(provider: provider)
        defer { site.stop() }
        provider.identity.email = TestDatabase.unique("stranger") + "@example.com"
        provider.identity.subject = TestDatabase.unique("sub-")
        try withBrowser { browser in
            try browser.navigate(to: site.baseURL + "/login")
            try browser.element("a[href^='/auth/google']").click()
            _ = try browser.waitForURL { $0.contains("/auth/google/callback") }
            #expect(try browser.pageText.contains("is not allowed to sign in to Lodestar"))
            try browser.navigate(to: site.baseURL + "/app")
            #expect(try browser.waitForURL { $0.contains("/login") }.contains("/login"))
        }
    }
}
