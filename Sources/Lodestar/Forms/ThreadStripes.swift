import Glibc
import Synchronization

/// Several mutex-protected values, one picked by the calling thread: state that every
/// request touches (the landing page's cache hits and view buffer) is split so that the
/// HTTP workers, which are many more than the cores, rarely wait for each other's lock.
final class ThreadStripes<Value: Sendable>: Sendable {
    private final class Stripe: Sendable {
        let mutex: Mutex<Value>
        init(_ value: sending Value) { mutex = Mutex(value) }
    }

    private let stripes: [Stripe]

    /// `count` stripes, each starting from `make()`.
    init(count: Int = 8, _ make: () -> Value) {
        stripes = (0..<max(1, count)).map { _ in Stripe(make()) }
    }

    var count: Int { stripes.count }

    /// Runs `body` on the calling thread's stripe, under its lock.
    func withCurrentLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> Result {
        try stripes[Self.index(count: stripes.count)].mutex.withLock(body)
    }

    /// Runs `body` on every stripe in turn, each under its own lock.
    func forEachLocked(_ body: (inout sending Value) -> Void) {
        for stripe in stripes {
            stripe.mutex.withLock { body(&$0) }
        }
    }

    /// The stripe of the calling thread: a mix of its pthread id (stable per thread).
    private static func index(count: Int) -> Int {
        let mixed = (UInt64(pthread_self()) >> 6) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) % count
    }
}
