import Synchronization

/// The per-address limit on landing-page submissions (`FORM_RATE_LIMIT` per minute; 0 turns
/// it off), accepted and refused alike: an address sending answers that fail validation
/// spends its allowance as fast as one that succeeds. Counts in fixed one-minute windows per address (an IPv6 /64 counts as one
/// address, see `AddressKey`), in this process's memory: behind several web processes the
/// effective limit is per process. The address is the connection's peer.
///
/// Memory is bounded: at most `maximumAddresses` windows are kept. When a new address
/// finds the table full, finished windows are dropped; if more than half of the table is
/// still live (tens of thousands of addresses submitting within one minute, a flood the
/// per-address limit cannot stop anyway), the table starts over. Either way the next
/// clean-up is at least half a table of new addresses away, so it costs O(1) per
/// submission on average.
final class SubmissionRateLimiter: Sendable {
    private struct Window {
        var startedAt: ContinuousClock.Instant
        var count: Int
    }

    let limitPerMinute: Int
    /// The most addresses whose windows are kept.
    let maximumAddresses: Int
    private let windows = Mutex([String: Window]())

    init(limitPerMinute: Int, maximumAddresses: Int = 50_000) {
        self.limitPerMinute = limitPerMinute
        self.maximumAddresses = max(2, maximumAddresses)
    }

    /// How many addresses have a window in memory.
    var trackedAddresses: Int { windows.withLock { $0.count } }

    /// Counts one submission from `address`; returns nil when it is allowed, or the seconds
    /// until the address may submit again.
    func admit(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        guard limitPerMinute > 0 else { return nil }
        let key = AddressKey.throttleKey(address)
        return windows.withLock { windows -> Int? in
            var window = windows[key] ?? Window(startedAt: now, count: 0)
            if now - window.startedAt >= .seconds(60) { window = Window(startedAt: now, count: 0) }
            guard window.count < limitPerMinute else {
                let remaining = .seconds(60) - (now - window.startedAt)
                return max(1, Int(remaining.components.seconds) + 1)
            }
            window.count += 1
            if windows[key] == nil, windows.count >= maximumAddresses {
                windows = windows.filter { now - $0.value.startedAt < .seconds(60) }
                if windows.count > maximumAddresses / 2 { windows.removeAll(keepingCapacity: true) }
            }
            windows[key] = window
            return nil
        }
    }
}
