/// How long a job waits after a failed attempt: exponential backoff with jitter. Attempt
/// n (1-based) failed -> the next runs after `baseDelay * 2^(n-1)`, capped at
/// `maximumDelay`, times a random factor from 0.75 to 1 (so that jobs that failed together
/// do not all come back at the same instant, while each delay stays longer than the one
/// before until the cap).
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Duration
    public var maximumDelay: Duration

    public init(baseDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(3600)) {
        self.baseDelay = baseDelay
        self.maximumDelay = max(baseDelay, maximumDelay)
    }

    /// 2 s, 4 s, 8 s, ... up to an hour (minus up to a quarter each).
    public static let standard = RetryPolicy()

    /// The smallest share of the exponential delay the jitter leaves.
    static let minimumJitter = 0.75

    /// The delay after failed attempt `attempt` (1-based), with `random` in 0...1 choosing
    /// the jitter.
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let base = seconds(baseDelay) * Double(UInt64(1) << UInt64(exponent))
        let capped = min(base, seconds(maximumDelay))
        let factor = Self.minimumJitter + (1 - Self.minimumJitter) * min(max(random, 0), 1)
        return .milliseconds(Int64((capped * factor * 1000).rounded()))
    }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
