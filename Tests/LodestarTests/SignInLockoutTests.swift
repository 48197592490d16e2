import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// Failed passwords must stop guessing without handing anyone a way to lock the owner out:
/// the growing lock is per account and address, the account as a whole only has an hourly
/// rate (which the addresses the owner signs in from do not feel), and Google sign-in
/// never looks at password failures.
@Suite struct SignInLockoutTests {
    private func address(_ first: Int) -> String {
        "\(first).\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    @Test func anAttackerCannotLockTheOwnerOut() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let attacker = world.browser(remoteAddress: address(10))
        // LOGIN_MAX_FAILURES_PER_ACCOUNT is 3 in AccountsWorld.
        for _ in 0..<3 {
            #expect(attacker.signIn(email, "a wrong guess, again").status == .unauthorized)
        }
        for _ in 0..<5 {
            #expect(attacker.signIn(email, "a wrong guess, again").status == .tooManyRequests)
        }
        #expect(attacker.signIn(email, AccountsWorld.password).status == .tooManyRequests)
        // The owner, from anywhere else, gets in at once.
        #expect(world.browser(remoteAddress: address(172)).signIn(email, AccountsWorld.password).status == .seeOther)
        // The same holds for an IPv6 attacker: their whole /64 waits, other networks do not.
        let network = "2001:db8:\(String(Int.random(in: 1...0xFFFF), radix: 16)):\(String(Int.random(in: 1...0xFFFF), radix: 16))"
        for attempt in 1...3 {
            #expect(world.browser(remoteAddress: "\(network)::\(attempt)").signIn(email, "another wrong guess").status == .unauthorized)
        }
        #expect(world.browser(remoteAddress: "\(network)::99").signIn(email, AccountsWorld.password).status == .tooManyRequests)
        #expect(world.browser(remoteAddress: "2001:db8:ffff:1::1").signIn(email, AccountsWorld.password).status == .seeOther)
    }

    @Test func guessesSpreadOverManyAddressesAreLimitedPerHour() throws {
        let world = try AccountsWorld(environment: ["LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR": "6"])
        let (_, email) = try world.organizationWithAdmin()
        let home = address(192)
        #expect(world.browser(remoteAddress: home).signIn(email, AccountsWorld.password).status == .seeOther)
        // Three addresses, two guesses each: under the per-address limit (3), at the hour's (6).
        for _ in 0..<3 {
            let attacker = world.browser(remoteAddress: address(10))
            for _ in 0..<2 {
                #expect(attacker.signIn(email, "a wrong guess, again").status == .unauthorized)
            }
        }
        let newcomer = world.browser(remoteAddress: address(10)).signIn(email, AccountsWorld.password)
        #expect(newcomer.status == .tooManyRequests)
        let wait = try #require(newcomer.headers["Retry-After"].flatMap(Int.init))
        #expect(wait > 15 * 60 && wait <= 3600)
        // Where the owner signed in before still works.
        #expect(world.browser(remoteAddress: home).signIn(email, AccountsWorld.password).status == .seeOther)
        // Other accounts are not affected.
        let (_, other) = try world.organizationWithAdmin()
        #expect(world.browser(remoteAddress: address(10)).signIn(other, AccountsWorld.password).status == .seeOther)
    }

    @Test func googleSignInIsNeverBlockedByPasswordFailures() throws {
        let world = try GoogleSignInWorld(environment: ["LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR": "2"])
        let email = TestDatabase.unique("locked") + "@example.com"
        try world.organization(whitelisting: email)
        try world.pool.transaction { transaction in
            let (user, _) = try transaction.ensureUser(email: email)
            try transaction.setPasswordHash(userID: user.id, try PasswordHasherCache.hash)
        }
        let sameAddress = Browser(app: world.app, remoteAddress: world.ipAddress)
        for _ in 0..<2 {
            #expect(sameAddress.signIn(email, "a wrong guess, again").status == .unauthorized)
        }
        for _ in 0..<4 {
            #expect(sameAddress.signIn(email, "a wrong guess, again").status == .tooManyRequests)
        }
        #expect(Browser(app: world.app, remoteAddress: address(10)).signIn(email, AccountsWorld.password).status == .tooManyRequests)
        let google = try world.signIn(as: email)
        #expect(google.status == .seeOther)
        #expect(google.headers["Location"] == "/app")
        #expect(world.get("/app").status == .ok)
    }
}
