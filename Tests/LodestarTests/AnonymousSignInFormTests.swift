import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar
@testable import Web

/// Visitors who are not signed in get the sign-in form's CSRF token in a signed cookie,
/// so nothing is stored for them (2,000 visits used to leave 2,000 session rows for a day),
/// and the sign-in still refuses a missing, forged or stale token.
@Suite struct AnonymousSignInFormTests {
    private func anonymousSessions(since: Date, _ world: AccountsWorld) throws -> Int {
        try world.count("SELECT count(*) FROM sessions WHERE user_id IS NULL AND created_at >= \(since)")
    }

    @Test func pagesBeforeSignInStoreNoSession() throws {
        let world = try AccountsWorld(environment: ["GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "secret"])
        let (_, email) = try world.organizationWithAdmin()
        let since = Date().addingTimeInterval(-1)
        let targets = ["/login", "/login?next=/app/leads", "/login?expired=1", "/auth/google", "/app/leads", "/"]
        for index in 0..<300 {
            let browser = world.browser(remoteAddress: "10.8.\(index / 200).\(index % 200 + 1)")
            let page = browser.get(targets[index % targets.count])
            #expect(page.status == .ok || page.status == .seeOther)
            #expect(browser.cookies["session"] == nil)
        }
        // The form again after a wrong password, and a refused form, store nothing either.
        let browser = world.browser(remoteAddress: "10.8.9.\(Int.random(in: 1...254))")
        #expect(browser.signIn(email, "not the password at all").status == .unauthorized)
        #expect(browser.post("/login", [("email", email), ("password", "x")], csrf: false).status == .forbidden)
        #expect(browser.cookies["session"] == nil)
        #expect(try anonymousSessions(since: since, world) == 0)
    }

    @Test func signInRefusesAMissingForgedOrStaleFormToken() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let since = Date().addingTimeInterval(-1)
        let form = [("email", email), ("password", AccountsWorld.password)]
        let browser = world.browser()
        let page = browser.get("/login")
        let token = try #require(browser.csrfToken)
        #expect(browser.cookies["csrf"] == token)
        #expect(page.text.contains(#"name="csrf_token" value="\#(token)""#))

        let missing = browser.post("/login", form, csrf: false)
        #expect(missing.status == .forbidden)
        #expect(missing.text.contains("Reload the page and try again"))

        browser.cookies["csrf"] = nil
        let noCookie = browser.post("/login", form)
        #expect(noCookie.status == .forbidden)
        #expect(noCookie.text.contains("Allow cookies for this site"))

        let forged = try SignedFormToken.issue(key: Array("not the installation's key".utf8), now: Date())
        browser.cookies["csrf"] = forged
        browser.csrfToken = forged
        #expect(browser.post("/login", form).status == .forbidden)

        // Older than a session may stay idle (120 minutes by default).
        let key = try InstallationSecret(pool: world.pool).key(for: .anonymousFormTokens)
        let stale = try SignedFormToken.issue(key: key, now: Date().addingTimeInterval(-121 * 60))
        browser.cookies["csrf"] = stale
        browser.csrfToken = stale
        let expired = browser.post("/login", form)
        #expect(expired.status == .forbidden)
        #expect(expired.text.contains("open too long"))
        #expect(browser.cookies["session"] == nil)
        #expect(try anonymousSessions(since: since, world) == 0)

        // A fresh form signs in: a new session, and the anonymous cookie is dropped.
        browser.get("/login")
        #expect(browser.csrfToken != stale)
        let signedIn = browser.post("/login", form)
        #expect(signedIn.status == .seeOther)
        #expect(browser.cookies["session"] != nil)
        #expect(browser.cookies["csrf"] == nil)
        #expect(browser.get("/app").status == .ok)
    }

    /// Every process reads the same secret, so a form shown by one is accepted by another.
    @Test func aFormFromOneProcessIsAcceptedByAnother() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let other = try AccountsWorld()
        let browser = world.browser()
        browser.get("/login")
        let elsewhere = other.browser()
        elsewhere.cookies = browser.cookies
        elsewhere.csrfToken = browser.csrfToken
        #expect(elsewhere.post("/login", [("email", email), ("password", AccountsWorld.password)]).status == .seeOther)
    }
}
