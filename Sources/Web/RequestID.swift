import Synchronization

/// Request ids: a random prefix chosen when the process starts, so ids from several
/// processes behind one load balancer do not collide, and a counter.
/// They identify; they grant nothing, so they need not be unguessable.
public enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    private static let prefix: String = {
        let random = UInt32.random(in: 0...UInt32.max)
        let text = String(random, radix: 36)
        return String(repeating: "0", count: max(0, 7 - text.count)) + text
    }()

    /// A new id such as `k3f9a2x-1c`.
    public static func next() -> String {
        let number = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(number, radix: 36)
    }
}
