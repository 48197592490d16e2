import Postgres
import Synchronization

/// Whether the database answers, asked at most once per `maxAge`: `/healthz` is polled by
/// load balancers at high rates, and each poll must not cost a database round trip. A
/// change (down or back up) shows within `maxAge`. While one request pings, others use the
/// previous answer instead of piling more pings onto a struggling database.
final class DatabaseHealth: Sendable {
    private struct State {
        var lastAnswer: Bool?
        var answeredAt: ContinuousClock.Instant?
        var pinging = false
    }

    private let database: ConnectionPool
    private let maxAge: Duration
    private let state = Mutex(State())

    init(database: ConnectionPool, maxAge: Duration = .seconds(1)) {
        self.database = database
        self.maxAge = maxAge
    }

    var isHealthy: Bool {
        let now = ContinuousClock.now
        let cached: Bool? = state.withLock { state in
            if let answer = state.lastAnswer, let at = state.answeredAt, now - at < maxAge {
                return answer
            }
            if state.pinging, let answer = state.lastAnswer {
                return answer
            }
            state.pinging = true
            return nil
        }
        if let cached { return cached }
        let answer = database.ping()
        state.withLock { state in
            state.lastAnswer = answer
            state.answeredAt = .now
            state.pinging = false
        }
        return answer
    }
}
