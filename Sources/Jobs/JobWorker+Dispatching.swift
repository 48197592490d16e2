import Dispatch
import Foundation
import Postgres

extension JobWorker {
    /// The dispatcher: claims while handlers are free and jobs are due, then sleeps until a
    /// notification, a known `run_at`, the poll interval or a free handler.
    func dispatchLoop() {
        var listener: Listener?
        defer { listener?.close() }
        var lastClaim = ContinuousClock.now
        var failures = 0
        while isRunning {
            if listener == nil {
                listener = openListener()
            }
            let (want, lowWater) = claimSize()
            guard want > 0 else {
                state.withLock { $0.wakeDispatcherBelow = lowWater }
                _ = dispatcherWake.wait(timeout: .now() + .milliseconds(min(configuration.pollInterval.milliseconds, 500)))
                state.withLock { $0.wakeDispatcherBelow = nil }
                continue
            }
            let claimed: [ClaimedJob]
            do {
                claimed = try claim(want)
                failures = 0
                lastClaim = .now
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 { log("jobs: claiming failed, trying again: \(error)") }
                // A lost server usually means a lost listener too.
                listener?.close()
                listener = nil
                _ = dispatcherWake.wait(timeout: .now() + .milliseconds(min(250 * failures, 2000)))
                continue
            }
            deliver(claimed)
            if claimed.count == want { continue }
            waitForWork(listener, since: lastClaim)
        }
    }

    /// How many jobs to claim now: none while enough are outstanding; otherwise enough to
    /// keep the handlers busy for a few tens of milliseconds (one each for long jobs, up to
    /// `maximumBatch` for quick ones), so that quick jobs are claimed in big batches and long
    /// ones are not held by a worker that cannot start them.
    /// Also returns the low-water mark: below that many outstanding jobs it claims again.
    func claimSize() -> (count: Int, lowWater: Int) {
        state.withLock { state in
            let concurrency = configuration.concurrency
            let perHandler = max(1, Int(0.05 / max(state.averageDuration, 1e-6)))
            let target = max(concurrency, min(configuration.maximumBatch, concurrency.multipliedReportingOverflow(by: perHandler).partialValue))
            let lowWater = max(concurrency, target / 2)
            return (state.outstanding < lowWater ? target - state.outstanding : 0, lowWater)
        }
    }

    /// Marks up to `count` due jobs running under this worker's lease and returns them,
    /// walking `jobs_ready` in order (see `withIndexPlans`).
    func claim(_ count: Int) throws -> [ClaimedJob] {
        try pool.withIndexPlans(claimQuery(count), durable: false).decode(ClaimedJob.self)
    }

    private func claimQuery(_ count: Int) -> Query {
        """
        WITH picked AS (
            SELECT id FROM jobs
            WHERE status IN ('queued', 'retrying') AND run_at <= now()
            ORDER BY priority DESC, run_at, id
            LIMIT \(count)
            FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, locked_by = \(configuration.name),
               locked_until = now() + \(configuration.lease.milliseconds) * interval '1 millisecond',
               started_at = now(), updated_at = now()
        FROM picked WHERE j.id = picked.id
        RETURNING j.id, j.kind, j.payload, j.organization_id, j.attempts, j.max_attempts, j.requested_by
        """
    }

    private func deliver(_ jobs: [ClaimedJob]) {
        guard !jobs.isEmpty else { return }
        leases.add(jobs)
        let accepted = state.withLock { state -> Bool in
            // A claim that was under way when `stop` began: hand its jobs straight back.
            guard state.phase == .running else {
                state.outcomes += jobs.map { Outcome(jobID: $0.id, attempt: $0.attempt, result: .queued) }
                return false
            }
            state.queue.append(contentsOf: jobs)
            state.outstanding += jobs.count
            return true
        }
        if accepted {
            for _ in jobs { jobsReady.signal() }
        } else {
            writerWake.signal()
        }
    }

    /// Sleeps until something may be due: a notification, the earliest known `run_at`, or
    /// the poll interval after the last claim. Waits in slices so that `stop` is seen soon.
    private func waitForWork(_ listener: Listener?, since lastClaim: ContinuousClock.Instant) {
        while isRunning {
            let pollLeft = configuration.pollInterval - (ContinuousClock.now - lastClaim)
            var wait = min(pollLeft, .milliseconds(500))
            if let due = state.withLock({ $0.nextDue }) {
                let untilDue = due.timeIntervalSinceNow
                if untilDue <= 0 {
                    state.withLock { if $0.nextDue == due { $0.nextDue = nil } }
                    return
                }
                wait = min(wait, .milliseconds(Int64(untilDue * 1000) + 1))
            }
            if wait <= .zero { return }
            guard let listener else {
                _ = dispatcherWake.wait(timeout: .now() + .milliseconds(wait.milliseconds))
                if ContinuousClock.now - lastClaim >= configuration.pollInterval { return }
                continue
            }
            do {
                if let notification = try listener.next(timeout: wait) {
                    if noteFutureRun(notification.payload) { continue }
                    return
                }
            } catch {
                return   // the dispatcher notices the lost server when it claims
            }
        }
    }

    /// A notification naming a future `run_at` sets a timer instead of claiming; true then.
    private func noteFutureRun(_ payload: String) -> Bool {
        guard let milliseconds = Double(payload) else { return false }
        let due = Date(timeIntervalSince1970: milliseconds / 1000)
        guard due.timeIntervalSinceNow > 0.001 else { return false }
        noteDue(due)
        return true
    }

    /// Remembers that a job becomes due at `date`.
    func noteDue(_ date: Date) {
        state.withLock { state in
            if state.nextDue.map({ date < $0 }) ?? true { state.nextDue = date }
        }
    }

    private func openListener() -> Listener? {
        do {
            let listener = try Listener(configuration: pool.configuration)
            try listener.listen(JobQueue.channel)
            return listener
        } catch {
            return nil
        }
    }
}
