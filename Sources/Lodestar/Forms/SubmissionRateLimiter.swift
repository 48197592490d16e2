import Synchronization

/// The per-address limit on landing-page submissions (`FORM_RATE_LIMIT` per minute; 0 turns
/// it off). Counts in fixed one-minute windows per address (an IPv6 /64 counts as one
/// address, see `AddressKey`), in this process's memory: behind several web processes the
/// effective limit is per process. The address is the connection's peer.
final class SubmissionRateLimiter: Sendable {
    private struct Window {
        var startedAt: ContinuousClock.Instant
        var count: Int
    }

    let limitPerMinute: Int
    private let windows = Mutex([String: Window]())
    /// Past this many tracked addresses, finished windows are dropped.
    private let pruneThreshold = 50_000

    init(limitPerMinute: Int) {
        self.limitPerMinute = limitPerMinute
    }

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
            if windows[key] == nil, windows.count >= pruneThreshold {
                windows = windows.filter { now - $0.value.startedAt < .seconds(60) }
            }
            windows[key] = window
            return nil
        }
    }
}
