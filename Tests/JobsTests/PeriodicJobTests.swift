import Foundation
import Jobs
import Postgres
import Synchronization
import Testing

@Suite struct PeriodicJobTests {
    static func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func slotsAreTheLatestScheduledTimeAtOrBeforeADate() throws {
        let at = try Self.date("2026-11-21T02:05:59Z")
        #expect(Schedule.everyMinute.slot(containing: at) == (try Self.date("2026-11-21T02:05:00Z")))
        #expect(Schedule.hourly(minute: 7).slot(containing: at) == (try Self.date("2026-11-21T01:07:00Z")))
        #expect(Schedule.hourly(minute: 5).slot(containing: at) == (try Self.date("2026-11-21T02:05:00Z")))
        #expect(Schedule.daily(hour: 3, minute: 17).slot(containing: at) == (try Self.date("2026-11-20T03:17:00Z")))
        #expect(Schedule.daily(hour: 3, minute: 17).slot(after: at) == (try Self.date("2026-11-21T03:17:00Z")))
        #expect(Schedule.everyMinute.slot(after: at) == (try Self.date("2026-11-21T02:06:00Z")))
        // Before 1970 the arithmetic still rounds down.
        let early = try Self.date("1969-12-31T23:59:30Z")
        #expect(Schedule.everyMinute.slot(containing: early) == (try Self.date("1969-12-31T23:59:00Z")))
    }

    @Test func retryDelaysGrowExponentiallyWithJitterUpToTheCap() {
        let policy = RetryPolicy(baseDelay: .seconds(2), maximumDelay: .seconds(60))
        #expect(policy.delay(afterAttempt: 1, random: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 1, random: 0) == .milliseconds(1500))
        #expect(policy.delay(afterAttempt: 3, random: 1) == .seconds(8))
        #expect(policy.delay(afterAttempt: 10, random: 1) == .seconds(60))
        #expect(policy.delay(afterAttempt: 10_000, random: 0) == .seconds(45))
        for attempt in 1...4 {
            #expect(policy.delay(afterAttempt: attempt + 1, random: 0) >= policy.delay(afterAttempt: attempt, random: 1))
        }
    }

    @Test func workersTickingAtOnceEnqueueEachSlotOnce() throws {
        let database = try JobsDatabase()
        defer { database.drop() }
        let periodic = PeriodicJob(name: "rollup", kind: "test.rollup", schedule: .everyMinute)
        let slot = try Self.date("2026-11-21T02:05:00Z")
        let ids = Mutex<[Int64?]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let id = try? periodic.enqueue(slot: slot, pool: database.pool)
            ids.withLock { $0.append(id) }
        }
        #expect(ids.withLock { $0.compactMap { $0 }.count } == 1)
        // An earlier slot is never enqueued after a later one; the next one is.
        #expect(try periodic.enqueue(slot: slot.addingTimeInterval(-60), pool: database.pool) == nil)
        #expect(try periodic.enqueue(slot: slot.addingTimeInterval(60), pool: database.pool) != nil)
        let keys = try database.pool.query("SELECT unique_key FROM jobs ORDER BY id").decodeColumn(String.self)
        #expect(keys == ["schedule:rollup@2026-11-21T02:05:00Z", "schedule:rollup@2026-11-21T02:06:00Z"])
    }
}
