import Testing
@testable import Lodestar

/// The per-address submission limit in one-minute windows.
@Suite struct SubmissionRateLimiterTests {
    @Test func theLimitRefusesUntilTheMinuteIsOver() {
        let limiter = SubmissionRateLimiter(limitPerMinute: 2)
        let start = ContinuousClock.now
        #expect(limiter.admit("203.0.113.5", now: start) == nil)
        #expect(limiter.admit("203.0.113.5", now: start + .seconds(1)) == nil)
        let wait = limiter.admit("203.0.113.5", now: start + .seconds(20))
        #expect(wait == 41)
        #expect(limiter.admit("203.0.113.6", now: start + .seconds(20)) == nil)
        #expect(limiter.admit("203.0.113.5", now: start + .seconds(60)) == nil)
    }

    @Test func anIPv6NetworkCountsAsOneAddress() {
        let limiter = SubmissionRateLimiter(limitPerMinute: 1)
        #expect(limiter.admit("2001:db8:1:2::10") == nil)
        #expect(limiter.admit("2001:db8:1:2:ffff::1") != nil)
        #expect(limiter.admit("2001:db8:1:3::10") == nil)
    }

    @Test func zeroTurnsTheLimitOff() {
        let limiter = SubmissionRateLimiter(limitPerMinute: 0)
        for _ in 0..<100 { #expect(limiter.admit("203.0.113.5") == nil) }
    }
}
