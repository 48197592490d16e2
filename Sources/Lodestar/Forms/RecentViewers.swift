import Synchronization

/// Who viewed which landing page recently, so that a page view repeated from one address
/// within `window` is not counted again (`FORM_VIEW_DEDUPE_SECONDS`): reloading a page, or
/// a script fetching it in a loop, does not inflate a campaign's views. An address counts
/// as in the submission limit (an IPv6 /64 is one address, see `AddressKey`); views are
/// per campaign. In this process's memory: behind several web processes an address can
/// be counted once per process.
///
/// Memory is bounded like `SubmissionRateLimiter`'s: at most `maximumEntries` pairs, in
/// stripes picked by the pair's hash (so one address always meets the same lock and the
/// many HTTP workers rarely wait for each other). A new pair finding its stripe full drops
/// the stripe's expired pairs, and starts the stripe over if more than half is still live.
final class RecentViewers: Sendable {
    private struct Viewer: Hashable {
        var address: String
        var campaignID: Int64
    }

    private final class Stripe: Sendable {
        let seen = Mutex([Viewer: ContinuousClock.Instant]())
    }

    let window: Duration
    let maximumEntries: Int
    private let stripes: [Stripe]

    init(window: Duration, maximumEntries: Int = 50_000, stripes: Int = 16) {
        self.window = window
        self.maximumEntries = max(2 * stripes, maximumEntries)
        self.stripes = (0..<max(1, stripes)).map { _ in Stripe() }
    }

    /// Pairs in memory, all stripes together.
    var count: Int { stripes.reduce(0) { $0 + $1.seen.withLock { $0.count } } }

    /// Whether `address` viewing the page of `campaignID` now counts: true the first time
    /// within the window (the view is then noted), false for a repeat.
    func admit(address: String, campaignID: Int64, now: ContinuousClock.Instant = .now) -> Bool {
        guard window > .zero else { return true }
        let viewer = Viewer(address: AddressKey.throttleKey(address), campaignID: campaignID)
        let stripe = stripes[Int(UInt(bitPattern: viewer.hashValue) % UInt(stripes.count))]
        let capacity = maximumEntries / stripes.count
        return stripe.seen.withLock { seen in
            if let last = seen[viewer], now - last < window { return false }
            if seen[viewer] == nil, seen.count >= capacity {
                seen = seen.filter { now - $0.value < window }
                if seen.count > capacity / 2 { seen.removeAll(keepingCapacity: true) }
            }
            seen[viewer] = now
            return true
        }
    }
}
