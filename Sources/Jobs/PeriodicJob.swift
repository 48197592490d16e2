import Foundation
import Postgres

/// When a periodic job runs, in UTC. Each run belongs to a slot (the minute, hour or day it
/// stands for), and each slot runs once however many workers are up.
public enum Schedule: Sendable, Equatable, CustomStringConvertible {
    /// At the start of every minute.
    case everyMinute
    /// Every hour at `minute` past.
    case hourly(minute: Int)
    /// Every day at `hour`:`minute` UTC.
    case daily(hour: Int, minute: Int)

    /// The slot's length and its offset from the start of a period, in seconds.
    private var period: (length: Int64, offset: Int64) {
        switch self {
        case .everyMinute: (60, 0)
        case .hourly(let minute): (3600, Int64(min(max(minute, 0), 59)) * 60)
        case .daily(let hour, let minute): (86_400, Int64(min(max(hour, 0), 23)) * 3600 + Int64(min(max(minute, 0), 59)) * 60)
        }
    }

    /// The latest slot at or before `date`.
    public func slot(containing date: Date) -> Date {
        let (length, offset) = period
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let periods = (seconds - offset).quotientAndRemainder(dividingBy: length)
        let start = (periods.quotient - (periods.remainder < 0 ? 1 : 0)) * length + offset
        return Date(timeIntervalSince1970: TimeInterval(start))
    }

    /// The first slot after `date`.
    public func slot(after date: Date) -> Date {
        slot(containing: date).addingTimeInterval(TimeInterval(period.length))
    }

    public var description: String {
        switch self {
        case .everyMinute: "every minute"
        case .hourly(let minute): "hourly at :\(minute < 10 ? "0" : "")\(minute)"
        case .daily(let hour, let minute): "daily at \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
        }
    }
}

/// A job enqueued on a schedule: each slot's run is a system job of `kind` with the unique
/// key `schedule:<name>@<slot>`. Only the latest slot runs: slots missed while no worker
/// was up are not caught up one by one.
public struct PeriodicJob: Sendable {
    /// Names the entry in `job_schedules` (and in the jobs' unique keys).
    public var name: String
    public var kind: String
    public var schedule: Schedule
    public var payload: JSONDocument
    public var priority: Int16
    public var maxAttempts: Int

    public init(
        name: String, kind: String, schedule: Schedule, payload: JSONDocument = JSONDocument(text: "{}"),
        priority: Int16 = 0, maxAttempts: Int = 3
    ) {
        self.name = name
        self.kind = kind
        self.schedule = schedule
        self.payload = payload
        self.priority = priority
        self.maxAttempts = maxAttempts
    }

    /// The unique key of the run for `slot`.
    public func uniqueKey(slot: Date) -> String {
        "schedule:\(name)@\(Self.slotFormat.format(slot))"
    }

    private static let slotFormat = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current)

    /// Enqueues the run of `slot` unless that slot (or a later one) was enqueued already;
    /// returns the new job's id, or nil when there was nothing to do. Moving the schedule's
    /// last slot forward and adding the job are one statement, so two workers ticking at
    /// once enqueue one run.
    @discardableResult
    public func enqueue(slot: Date, pool: ConnectionPool) throws -> Int64? {
        try pool.query(
            """
            WITH slot AS (
                INSERT INTO job_schedules (name, last_slot) VALUES (\(name), \(slot))
                ON CONFLICT (name) DO UPDATE SET last_slot = EXCLUDED.last_slot
                    WHERE job_schedules.last_slot < EXCLUDED.last_slot
                RETURNING last_slot
            ), job AS (
                INSERT INTO jobs (kind, payload, priority, max_attempts, unique_key)
                SELECT \(kind), \(payload), \(priority), \(maxAttempts), \(uniqueKey(slot: slot)) FROM slot
                ON CONFLICT ((coalesce(organization_id, 0)), unique_key)
                    WHERE unique_key IS NOT NULL AND status IN ('queued', 'running', 'retrying') DO NOTHING
                RETURNING id
            )
            SELECT id, pg_notify(\(JobQueue.channel), '')::text FROM job
            """
        ).first.map { try $0.decode(Int64.self, at: 0) }
    }
}
