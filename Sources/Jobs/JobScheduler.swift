import Dispatch
import Foundation
import Postgres
import Synchronization

/// Enqueues the slots of periodic jobs: at start (the current slot of each, if it has not
/// run) and then at each slot boundary. Every worker runs one; `PeriodicJob.enqueue` makes
/// sure each slot is enqueued once.
final class JobScheduler: Sendable {
    let pool: ConnectionPool
    let jobs: [PeriodicJob]
    let log: @Sendable (String) -> Void
    private let wake = DispatchSemaphore(value: 0)
    private let phase = Mutex<(started: Bool, stopped: Bool)>((false, false))
    private let finished = DispatchSemaphore(value: 0)

    init(pool: ConnectionPool, jobs: [PeriodicJob], log: @escaping @Sendable (String) -> Void) {
        self.pool = pool
        self.jobs = jobs
        self.log = log
    }

    func start() {
        let starting = phase.withLock { phase -> Bool in
            guard !phase.started, !phase.stopped else { return false }
            phase.started = true
            return true
        }
        guard starting else { return }
        let thread = Thread { [self] in
            defer { finished.signal() }
            while !phase.withLock({ $0.stopped }) {
                let failed = tick()
                let date = Date()
                let next = jobs.map { $0.schedule.slot(after: date) }.min() ?? date.addingTimeInterval(60)
                // A failed enqueue (the database is away) is tried again within seconds.
                let wait = min(next.timeIntervalSince(date), failed ? 5 : .infinity)
                _ = wake.wait(timeout: .now() + .milliseconds(Int(max(0.001, wait) * 1000) + 5))
            }
        }
        thread.name = "jobs-scheduler"
        thread.start()
    }

    func stop() {
        let wasStarted = phase.withLock { phase -> Bool in
            phase.stopped = true
            return phase.started
        }
        guard wasStarted else { return }
        wake.signal()
        finished.wait()
    }

    /// Enqueues the current slot of every entry; true when one of them failed.
    @discardableResult
    func tick() -> Bool {
        let date = Date()
        var failed = false
        for job in jobs {
            do {
                try job.enqueue(slot: job.schedule.slot(containing: date), pool: pool)
            } catch {
                failed = true
                log("jobs: enqueueing the periodic job '\(job.name)' failed, trying again: \(error)")
            }
        }
        return failed
    }
}
