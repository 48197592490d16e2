import Foundation
import HTTP
import Postgres
import Security
import Testing
import Web
@testable import Lodestar

@Suite struct SignInTests {
    @Test func signInWithTheRightPasswordLandsOnTheHomePage() throws {
        let world = try AccountsWorld()
        let (organization, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        let response = browser.signIn(email, AccountsWorld.password)
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app")
        let home = browser.get("/app")
        #expect(home.status == .ok)
        #expect(home.text.contains(organization))
        #expect(home.text.contains("Admin"))
        #expect(home.text.contains(#"action="/logout""#))
        // Audit: the sign-in is recorded in the organization.
        #expect(try world.count("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.email = \(email)::citext AND a.action = 'user.signed_in'") == 1)
    }

    @Test func wrongPasswordAndUnknownEmailLookTheSame() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let wrong = world.browser().signIn(email, "not the password at all")
        let unknownEmail = TestDatabase.unique("nobody") + "@example.com"
        let unknown = world.browser().signIn(unknownEmail, "not the password at all")
        #expect(wrong.status == .unauthorized)
        #expect(unknown.status == .unauthorized)
        #expect(wrong.text.contains(LoginController.invalidMessage))
        #expect(unknown.text.contains(LoginController.invalidMessage))
        // The email is kept in the form.
        #expect(wrong.text.contains(#"value="\#(email)""#))
        // Apart from the email and the CSRF token, the two pages are identical.
        func normalize(_ text: String, _ email: String) -> String {
            text.replacingOccurrences(of: email, with: "E")
                .replacingOccurrences(of: #"name="csrf_token" value="[^"]*""#, with: "T", options: .regularExpression)
        }
        #expect(normalize(wrong.text, email) == normalize(unknown.text, unknownEmail))
        // The organization's admins see the failed attempt on a real account in the audit log.
        #expect(try world.count("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.email = \(email)::citext AND a.action = 'user.sign_in_failed'") == 1)
    }

    @Test func throttlingAnswers429ForRightAndWrongPasswords() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser(remoteAddress: "10.1.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")
        for _ in 0..<3 {
            #expect(browser.signIn(email, "wrong password, again").status == .unauthorized)
        }
        let wrong = browser.signIn(email, "wrong password, again")
        #expect(wrong.status == .tooManyRequests)
        let retry = try #require(wrong.headers["Retry-After"].flatMap(Int.init))
        #expect(retry > 0 && retry <= 60)
        #expect(wrong.text.contains("Try again in"))
        let right = browser.signIn(email, AccountsWorld.password)
        #expect(right.status == .tooManyRequests)
        #expect(right.headers["Retry-After"] != nil)
        // Unknown emails are throttled the same way.
        let unknown = TestDatabase.unique("ghost") + "@example.com"
        for _ in 0..<3 { browser.signIn(unknown, "whatever it is") }
        #expect(browser.signIn(unknown, "whatever it is").status == .tooManyRequests)
    }

    @Test func failuresFromOneAddressAreThrottledAcrossAccounts() throws {
        let world = try AccountsWorld(environment: ["LOGIN_MAX_FAILURES_PER_IP": "4", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100"])
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser(remoteAddress: "10.2.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")
        for attempt in 0..<4 {
            #expect(browser.signIn(TestDatabase.unique("spray\(attempt)") + "@example.com", "guess guess guess").status == .unauthorized)
        }
        let blocked = browser.signIn(email, AccountsWorld.password)
        #expect(blocked.status == .tooManyRequests)
        #expect(blocked.headers["Retry-After"] != nil)
        // Another address is not affected.
        #expect(world.browser(remoteAddress: "10.3.0.\(Int.random(in: 1...254))").signIn(email, AccountsWorld.password).status == .seeOther)
    }

    @Test func sessionCookieAttributesFollowBaseURL() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let plain = world.browser().signIn(email, AccountsWorld.password).headers["Set-Cookie"] ?? ""
        #expect(plain.hasPrefix("session="))
        #expect(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && plain.contains("Path=/"))
        #expect(!plain.contains("Secure"))

        let secureWorld = try AccountsWorld(environment: ["BASE_URL": "https://crm.example.com"])
        let browser = secureWorld.browser()
        browser.get("/login")
        let response = browser.post("/login", [("email", email), ("password", AccountsWorld.password)], headers: ["Origin": "https://crm.example.com"])
        #expect(response.status == .seeOther)
        let secure = response.headers["Set-Cookie"] ?? ""
        #expect(secure.hasPrefix("__Host-session="))
        #expect(secure.contains("; Secure") && secure.contains("HttpOnly") && secure.contains("Path=/"))
        #expect(!secure.contains("Domain="))
    }

    @Test func signInIssuesANewSessionToken() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        // A session cookie planted before sign-in (the sign-in page itself starts none).
        let before = try SecureRandom.base64URLToken(byteCount: 32)
        try PostgresSessionStore(pool: world.pool).insert(Session(
            id: SessionToken.id(of: before), csrfToken: try SecureRandom.base64URLToken(), createdAt: Date(),
            lastSeenAt: Date(), expiresAt: Date().addingTimeInterval(3600)))
        let browser = world.browser()
        browser.cookies["session"] = before
        browser.get("/login")
        browser.post("/login", [("email", email), ("password", AccountsWorld.password)])
        let after = try #require(browser.cookies["session"])
        #expect(before != after)
        // The planted pre-sign-in token does not carry the signed-in session.
        let attacker = world.browser()
        attacker.cookies["session"] = before
        #expect(attacker.get("/app").status == .seeOther)
        // Only the hash is stored.
        #expect(try world.count("SELECT count(*) FROM sessions WHERE id = \(after)") == 0)
        #expect(try world.count("SELECT count(*) FROM sessions WHERE id = \(SessionToken.id(of: after))") == 1)
        #expect(try world.count("SELECT count(*) FROM sessions WHERE id = \(SessionToken.id(of: before))") == 0)
    }

    @Test func signOutDeletesTheSessionServerSide() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        browser.get("/app")
        let token = try #require(browser.cookies["session"])
        let out = browser.post("/logout", [])
        #expect(out.status == .seeOther)
        #expect(out.headers["Location"] == "/login")
        #expect(try world.count("SELECT count(*) FROM sessions WHERE id = \(SessionToken.id(of: token))") == 0)
        let replay = world.browser()
        replay.cookies["session"] = token
        #expect(replay.get("/app").status == .seeOther)
    }

    @Test func expiredSessionRedirectsToLogin() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        let token = try #require(browser.cookies["session"])
        try world.pool.execute("UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE id = \(SessionToken.id(of: token))")
        let response = browser.get("/app/settings/members")
        #expect(response.status == .seeOther)
        let location = try #require(response.headers["Location"])
        #expect(location.hasPrefix("/login?next=%2Fapp%2Fsettings%2Fmembers"))
        #expect(location.contains("expired=1"))
        #expect(browser.get(location).text.contains("Your session ended"))
    }

    @Test func unauthenticatedAppRequestsRedirectWithNext() throws {
        let world = try AccountsWorld()
        let response = world.browser().get("/app/account")
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/login?next=%2Fapp%2Faccount")
    }

    @Test func nextOnlyAcceptsLocalPaths() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let local = world.browser()
        local.get("/login?next=/app/account")
        let response = local.post("/login", [("email", email), ("password", AccountsWorld.password), ("next", "/app/account")])
        #expect(response.headers["Location"] == "/app/account")
        let foreign = world.browser()
        foreign.get("/login")
        let refused = foreign.post("/login", [("email", email), ("password", AccountsWorld.password), ("next", "//evil.example/x")])
        #expect(refused.headers["Location"] == "/app")
    }

    @Test func csrfAndOriginAreChecked() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        let missing = browser.post("/app/settings/whitelist", [("pattern", "@csrf.example"), ("role", "viewer")], csrf: false)
        #expect(missing.status == .forbidden)
        #expect(missing.text.contains("Reload the page and try again"))
        let wrong = browser.post("/app/settings/whitelist", [("pattern", "@csrf.example"), ("role", "viewer"), ("csrf_token", "forged")], csrf: false)
        #expect(wrong.status == .forbidden)
        let foreign = browser.post("/app/settings/whitelist", [("pattern", "@csrf.example"), ("role", "viewer")], headers: ["Origin": "https://evil.example"])
        #expect(foreign.status == .forbidden)
        let fine = browser.post("/app/settings/whitelist", [("pattern", "@csrf.example"), ("role", "viewer")])
        #expect(fine.status == .seeOther)
    }

    @Test func signOutEverywhereEndsAllSessions() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let laptop = world.browser()
        let phone = world.browser()
        laptop.signIn(email, AccountsWorld.password)
        phone.signIn(email, AccountsWorld.password)
        laptop.get("/app/account")
        #expect(laptop.post("/app/account/sign-out-everywhere", []).status == .seeOther)
        #expect(phone.get("/app").status == .seeOther)
        #expect(laptop.get("/app").status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = \(email)::citext") == 0)
    }

    @Test func changingThePasswordChecksThePolicy() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(email, AccountsWorld.password)
        browser.get("/app/account")
        let short = browser.post("/app/account/password", [("current_password", AccountsWorld.password), ("password", "short"), ("password_confirmation", "short")])
        #expect(short.status == .unprocessableContent)
        let newPassword = "a much longer passphrase 7 today"
        let changed = browser.post("/app/account/password", [("current_password", AccountsWorld.password), ("password", newPassword), ("password_confirmation", newPassword)])
        #expect(changed.status == .seeOther)
        #expect(world.browser().signIn(email, AccountsWorld.password).status == .unauthorized)
        #expect(world.browser().signIn(email, newPassword).status == .seeOther)
    }
}
