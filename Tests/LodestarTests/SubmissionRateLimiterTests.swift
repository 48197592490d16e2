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

/// What the limiter keeps in memory when many addresses submit (a flood from an IPv6
/// block has as many /64s as it likes).
@Suite struct SubmissionRateLimiterMemoryTests {
    @Test func aFloodOfAddressesWithinOneMinuteStaysWithinTheCap() {
        let limiter = SubmissionRateLimiter(limitPerMinute: 1, maximumAddresses: 100)
        let start = ContinuousClock.now
        for index in 0..<1000 {
            #expect(limiter.admit("2001:db8:\(index / 256):\(index % 256)::1", now: start) == nil)
        }
        #expect(limiter.trackedAddresses <= 100)
    }

    @Test func finishedWindowsMakeRoomBeforeLiveOnesAreForgotten() {
        let limiter = SubmissionRateLimiter(limitPerMinute: 1, maximumAddresses: 100)
        let start = ContinuousClock.now
        for index in 0..<60 { _ = limiter.admit("203.0.113.\(index)", now: start) }
        let later = start + .seconds(61)
        for index in 0..<60 { _ = limiter.admit("198.51.100.\(index)", now: later) }
        #expect(limiter.trackedAddresses <= 100)
        // The addresses of the current minute are still held to the limit.
        for index in 0..<60 { #expect(limiter.admit("198.51.100.\(index)", now: later + .seconds(1)) != nil) }
    }
}
