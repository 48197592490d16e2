import HTTP
import Testing
import Web
@testable import Lodestar

/// Behind a trusted reverse proxy the sign-in throttle counts each forwarded client
/// apart and records the client's address, not the proxy's.
@Suite struct SignInBehindProxyTests {
    func randomAddress(_ first: Int) -> String {
        "\(first).\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    @Test func failuresCountPerForwardedClient() throws {
        let world = try AccountsWorld(environment: [
            "TRUSTED_PROXIES": "10.0.0.0/8", "LOGIN_MAX_FAILURES_PER_IP": "3", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100",
        ])
        let (_, email) = try world.organizationWithAdmin()
        let proxy = randomAddress(10)
        let attacker = world.browser(remoteAddress: proxy)
        attacker.forwardedFor = randomAddress(198)
        for attempt in 0..<3 {
            #expect(attacker.signIn(TestDatabase.unique("spray\(attempt)") + "@example.com", "guess guess guess").status == .unauthorized)
        }
        #expect(attacker.signIn(email, AccountsWorld.password).status == .tooManyRequests)
        let recorded = try world.count(
            "SELECT count(*) FROM login_attempts WHERE ip_address = \(attacker.forwardedFor ?? "")")
        #expect(recorded >= 3)
        // Another visitor behind the same proxy signs in.
        let visitor = world.browser(remoteAddress: proxy)
        visitor.forwardedFor = randomAddress(203)
        #expect(visitor.signIn(email, AccountsWorld.password).status == .seeOther)
    }

    @Test func anUntrustedVisitorCannotDodgeTheThrottleWithTheHeader() throws {
        let world = try AccountsWorld(environment: [
            "TRUSTED_PROXIES": "10.0.0.0/8", "LOGIN_MAX_FAILURES_PER_IP": "3", "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100",
        ])
        let (_, email) = try world.organizationWithAdmin()
        let attacker = world.browser(remoteAddress: randomAddress(192))
        for attempt in 0..<3 {
            attacker.forwardedFor = randomAddress(198)
            #expect(attacker.signIn(TestDatabase.unique("spray\(attempt)") + "@example.com", "guess guess guess").status == .unauthorized)
        }
        attacker.forwardedFor = randomAddress(198)
        #expect(attacker.signIn(email, AccountsWorld.password).status == .tooManyRequests)
    }
}
