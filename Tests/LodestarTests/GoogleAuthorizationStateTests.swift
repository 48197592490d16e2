import Foundation
import Testing
@testable import Lodestar

@Suite struct GoogleAuthorizationStateTests {
    private let key = GoogleAuthorizationState.signingKey(clientSecret: "secret")

    @Test func theCookieRoundTripsAndExpiresAfterTenMinutes() throws {
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        let state = try GoogleAuthorizationState.generate(next: "/app/leads?page=2", now: issued)
        let value = state.cookieValue(key: key)
        #expect(GoogleAuthorizationState.fromCookie(value, key: key, now: issued.addingTimeInterval(599)) == state)
        #expect(GoogleAuthorizationState.fromCookie(value, key: key, now: issued)?.next == "/app/leads?page=2")
        #expect(GoogleAuthorizationState.fromCookie(value, key: key, now: issued.addingTimeInterval(601)) == nil)
    }

    @Test func aChangedOrForeignCookieIsRefused() throws {
        let issued = Date()
        let state = try GoogleAuthorizationState.generate(now: issued)
        let value = state.cookieValue(key: key)
        var parts = value.split(separator: ".").map(String.init)
        parts[3] = String(Int(parts[3])! + 1)  // a later issue time, to stretch the lifetime
        #expect(GoogleAuthorizationState.fromCookie(parts.joined(separator: "."), key: key) == nil)
        let otherKey = GoogleAuthorizationState.signingKey(clientSecret: "another secret")
        #expect(GoogleAuthorizationState.fromCookie(value, key: otherKey) == nil)
        #expect(GoogleAuthorizationState.fromCookie("garbage", key: key) == nil)
    }

    @Test func theChallengeIsTheRFC7636Example() {
        // RFC 7636 appendix B.
        #expect(GoogleAuthorizationState.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }
}
