/// The connection pool's limits. Every setting has a default; `init(environment:)` reads
/// the `DATABASE_*` variables.
public struct PoolConfiguration: Sendable, Equatable {
    /// Most connections open at once (`DATABASE_POOL_SIZE`, default 10).
    public var size: Int
    /// How long `acquire` waits for a free connection before failing with a pool timeout
    /// (`DATABASE_ACQUIRE_TIMEOUT_MS`, default 5000 ms).
    public var acquireTimeout: Duration
    /// A connection idle longer than this is pinged (`SELECT 1`) before it is handed out
    /// (`DATABASE_IDLE_CHECK_MS`, default 30000 ms). A cheaper check that costs no round
    /// trip runs on every hand-out.
    public var idleHealthCheck: Duration
    /// `statement_timeout` set on every pooled connection; nil leaves the server's setting
    /// (`DATABASE_STATEMENT_TIMEOUT_MS`, default 30000 ms, 0 = none).
    public var statementTimeout: Duration?
    /// How long a health check waits for its answer.
    public var pingTimeout: Duration

    /// Limits given in code; `size` is at least 1.
    public init(
        size: Int = 10, acquireTimeout: Duration = .milliseconds(5000), idleHealthCheck: Duration = .seconds(30),
        statementTimeout: Duration? = .seconds(30), pingTimeout: Duration = .seconds(2)
    ) {
        self.size = max(1, size)
        self.acquireTimeout = acquireTimeout
        self.idleHealthCheck = idleHealthCheck
        self.statementTimeout = statementTimeout
        self.pingTimeout = pingTimeout
    }

    /// Reads `DATABASE_POOL_SIZE` (1...1000), `DATABASE_ACQUIRE_TIMEOUT_MS`,
    /// `DATABASE_IDLE_CHECK_MS` and `DATABASE_STATEMENT_TIMEOUT_MS` (0 = none); absent
    /// variables keep the defaults, unusable ones throw a configuration error naming them.
    public init(environment: [String: String]) throws {
        self.init()
        size = try Self.number(environment, "DATABASE_POOL_SIZE", default: size, range: 1...1000)
        acquireTimeout = .milliseconds(try Self.number(
            environment, "DATABASE_ACQUIRE_TIMEOUT_MS", default: 5000, range: 0...600_000))
        idleHealthCheck = .milliseconds(try Self.number(
            environment, "DATABASE_IDLE_CHECK_MS", default: 30000, range: 0...86_400_000))
        let statementMilliseconds = try Self.number(
            environment, "DATABASE_STATEMENT_TIMEOUT_MS", default: 30000, range: 0...86_400_000)
        statementTimeout = statementMilliseconds == 0 ? nil : .milliseconds(statementMilliseconds)
    }

    private static func number(
        _ environment: [String: String], _ name: String, default value: Int, range: ClosedRange<Int>
    ) throws -> Int {
        guard let text = environment[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw PostgresError.configuration(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
