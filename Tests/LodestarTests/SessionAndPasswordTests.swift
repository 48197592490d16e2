import Foundation
import HTTP
import Postgres
import Security
import Testing
import Web
@testable import Lodestar

@Suite struct SessionAndPasswordTests {
    @Test func sessionsEndAtTheirAbsoluteExpiry() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        #expect(browser.get("/app").status == .ok)
        let token = try #require(browser.cookies["session"])
        try world.pool.execute("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = \(SessionToken.id(of: token))")
        #expect(browser.get("/app").status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM sessions WHERE id = \(SessionToken.id(of: token))") == 0)
    }

    @Test func weakerHashesAreUpgradedAtSignIn() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let email = try world.member(of: organization, role: "viewer")
        let weak = try PasswordHasher(parameters: PasswordHashParameters(memoryKiB: 8192, iterations: 1)).hash(password: AccountsWorld.password)
        try world.pool.execute("UPDATE users SET password_hash = \(weak) WHERE email = \(email)::citext")
        #expect(world.browser().signIn(email, AccountsWorld.password).status == .seeOther)
        let stored = try world.pool.query("SELECT password_hash FROM users WHERE email = \(email)::citext").single(String.self)
        #expect(stored != weak)
        #expect(stored.contains("m=19456"))
        #expect(world.browser().signIn(email, AccountsWorld.password).status == .seeOther)
    }

    @Test func googleButtonOnlyWithCredentials() throws {
        let without = try AccountsWorld().browser().get("/login")
        #expect(without.status == .ok)
        #expect(!without.text.contains("Sign in with Google"))
        let with = try AccountsWorld(environment: ["GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "secret"]).browser().get("/login?next=/app/account")
        #expect(with.text.contains(#"href="/auth/google?next=%2Fapp%2Faccount""#))
    }

    @Test func flashMessagesShowOnceAfterARedirect() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        let pattern = "@" + TestDatabase.unique("flash") + ".example"
        #expect(browser.post("/app/settings/whitelist", [("pattern", pattern), ("role", "viewer")]).headers["Location"] == "/app/settings/whitelist")
        let page = browser.get("/app/settings/whitelist")
        #expect(page.text.contains("\(pattern) was added to the whitelist."))
        #expect(page.text.contains(#"class="flash flash--success" role="status""#))
        #expect(!browser.get("/app/settings/whitelist").text.contains("was added to the whitelist."))
    }

    @Test func pagesCarryTheLayoutAndNoStore() throws {
        let world = try AccountsWorld()
        let (organization, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        let login = browser.get("/login")
        #expect(login.headers["Cache-Control"] == "no-store")
        #expect(login.text.contains(#"<link rel="stylesheet" href="/static/app.css?v="#))
        #expect(!login.text.contains("site-nav"))
        browser.signIn(email, AccountsWorld.password)
        let home = browser.get("/app")
        #expect(home.text.contains(#"<span class="site-nav__org">\#(organization)</span>"#))
        #expect(home.text.contains(#"href="/app" aria-current="page""#))
        #expect(home.headers["Content-Security-Policy"] != nil)
    }
}
