import Foundation
import HTTP
import Postgres
import Synchronization
import Testing
import Web
@testable import Lodestar

/// Attacks found in the security review of accounts and access, each kept as a test.
@Suite struct SecurityReviewTests {
    /// Guesses sent in parallel must not all slip under the per-account limit: before the
    /// fix each request checked the count, spent the hashing time, then recorded its
    /// failure, so a burst of N guesses was checked against a count of zero. (From eight
    /// addresses, so the limit in play is the account's hourly one.)
    @Test func parallelGuessesAreCountedAgainstTheAccountLimit() throws {
        let world = try AccountsWorld(environment: ["LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR": "3"])
        let (_, email) = try world.organizationWithAdmin()
        let browsers = (0..<8).map { index in
            world.browser(remoteAddress: "10.4.\(Int.random(in: 0...255)).\(index + 1)")
        }
        for browser in browsers { browser.get("/login") }
        let statuses = Collected()
        let group = DispatchGroup()
        for browser in browsers {
            group.enter()
            let thread = Thread {
                let status = browser.post("/login", [("email", email), ("password", "a wrong guess, in parallel")]).status
                statuses.values.withLock { $0.append(status) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let all = statuses.values.withLock { $0 }
        #expect(all.count == 8)
        // LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR is 3 here.
        #expect(all.filter { $0 == .unauthorized }.count <= 3)
        #expect(all.filter { $0 == .tooManyRequests }.count >= 5)
    }
}

/// What parallel requests answered.
private final class Collected: Sendable {
    let values = Mutex<[HTTPStatus]>([])
}

@Suite struct AddressThrottlingTests {
    /// One IPv6 subscriber owns a whole /64: rotating the low bits of the address must not
    /// reset the per-address count.
    @Test func failuresFromOneIPv6NetworkAreCountedTogether() throws {
        let world = try AccountsWorld(environment: ["LOGIN_MAX_FAILURES_PER_IP": "4", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100"])
        let (_, email) = try world.organizationWithAdmin()
        let network = "2001:db8:\(String(Int.random(in: 1...0xFFFF), radix: 16)):\(String(Int.random(in: 1...0xFFFF), radix: 16))"
        for attempt in 1...4 {
            let browser = world.browser(remoteAddress: "\(network):\(attempt)::\(attempt)")
            #expect(browser.signIn(TestDatabase.unique("spray") + "@example.com", "guess guess guess").status == .unauthorized)
        }
        let blocked = world.browser(remoteAddress: "\(network):99:aa:bb:cc").signIn(email, AccountsWorld.password)
        #expect(blocked.status == .tooManyRequests)
        // Another /64 is not affected.
        let other = world.browser(remoteAddress: "2001:db8:ffff:\(String(Int.random(in: 1...0xFFFF), radix: 16))::1")
        #expect(other.signIn(email, AccountsWorld.password).status == .seeOther)
    }

    @Test func addressKeys() {
        #expect(AddressKey.throttleKey("192.0.2.7") == "192.0.2.7")
        #expect(AddressKey.throttleKey("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64")
        #expect(AddressKey.throttleKey("2001:DB8:1:2::9") == "2001:db8:1:2::/64")
        #expect(AddressKey.throttleKey("2001:db8::1") == "2001:db8:0:0::/64")
        #expect(AddressKey.throttleKey("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(AddressKey.throttleKey("fe80::1%eth0") == "fe80:0:0:0::/64")
        #expect(AddressKey.throttleKey("not an address") == "not an address")
    }
}

@Suite struct AuditPagingTests {
    /// A huge `page` used to overflow `(page - 1) * pageSize` and trap, taking the whole
    /// server process down with it.
    @Test func aHugePageNumberIsAnsweredNotACrash() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        #expect(browser.signIn(admin, AccountsWorld.password).status == .seeOther)
        let response = browser.get("/app/settings/audit?page=\(Int.max)")
        #expect(response.status == .ok || response.status == .badRequest)
        #expect(browser.get("/app/settings/audit?page=\(Int.max / 50 + 2)").status != .internalServerError)
    }
}

@Suite struct GoogleRefusalLogTests {
    /// The `error` of a callback is the visitor's text: a line break in it used to reach
    /// the log as is, letting anyone write lines that look like the server's own.
    @Test func providerTextCannotBreakTheLogLine() {
        let error = GoogleSignInError.providerError("server_error\n[lodestar] admin signed in from 10.0.0.1\r\u{2028}")
        #expect(!error.description.contains("\n"))
        #expect(!error.description.contains("\r"))
        #expect(!error.description.unicodeScalars.contains("\u{2028}"))
        #expect(error.description.contains("server_error\\u{a}[lodestar] admin signed in"))
    }
}

@Suite struct ChangePasswordThrottlingTests {
    /// The current password guards the change (a borrowed session must not be enough to
    /// take the account over), so guessing it is throttled like the sign-in form.
    @Test func guessesAtTheCurrentPasswordAreThrottled() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browser = world.browser(remoteAddress: "10.5.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")
        #expect(browser.signIn(email, AccountsWorld.password).status == .seeOther)
        browser.get("/app/account")
        let newPassword = "a brand new passphrase 9 tonight"
        func attempt(_ current: String) -> TestResponse {
            browser.post("/app/account/password", [("current_password", current), ("password", newPassword), ("password_confirmation", newPassword)])
        }
        for _ in 0..<3 {
            #expect(attempt("not the current one at all").status == .unprocessableContent)
        }
        let blocked = attempt(AccountsWorld.password)
        #expect(blocked.status == .tooManyRequests)
        #expect(blocked.headers["Retry-After"] != nil)
        #expect(blocked.text.contains("Try again in"))
        // The password did not change.
        #expect(world.browser(remoteAddress: "10.6.0.\(Int.random(in: 1...254))").signIn(email, newPassword).status != .seeOther)
    }
}

@Suite struct UnicodeEmailThrottlingTests {
    /// In a database with a UTF-8 locale, citext matches `admİn@…` (capital I with dot)
    /// to `admin@…`, while the throttle keyed on Swift's lowercasing (`admi̇n@…`) counted
    /// it as another account: every such spelling got a fresh allowance of guesses at the
    /// same password.
    @Test func spellingsThatFindTheSameAccountShareItsLimit() throws {
        let settings = try TestEnvironment.variables(["MIGRATIONS_DIR": TestEnvironment.migrationsDirectory])
        let base = try AppConfiguration(environment: settings).database.connection
        let name = "lodestar_utf8_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try Connection(configuration: base)
        defer { admin.close() }
        try admin.execute(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.utf8' LC_CTYPE 'C.utf8'")
        defer { try? admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        var configuration = try AppConfiguration(environment: TestEnvironment.variables([
            "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory,
            "TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory,
            "BASE_URL": "http://localhost:8080", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "3", "LOGIN_MAX_FAILURES_PER_IP": "50",
        ]))
        configuration.mode = .development
        configuration.database.connection = base.with(database: String(name))
        _ = try DatabaseStartup.prepare(configuration)
        let pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 2))
        defer { pool.close() }
        let app = try App(configuration: configuration, log: .discard, database: pool)
        let email = "admin@example.com"
        _ = try AccountAdministration(pool: pool).createAdmin(email: email, organizationName: "Acme", password: AccountsWorld.password)
        let variant = "admİn@example.com"
        #expect(try pool.query("SELECT \(variant)::citext = \(email)::citext").single(Bool.self))

        let browser = Browser(app: app, remoteAddress: "10.7.0.1")
        for _ in 0..<3 {
            #expect(browser.signIn(email, "wrong password, again").status == .unauthorized)
        }
        #expect(browser.signIn(variant, "wrong password, again").status == .tooManyRequests)
        #expect(browser.signIn(variant, AccountsWorld.password).status == .tooManyRequests)
    }
}
