import Dispatch
import Foundation
import Postgres

extension JobWorker {
    /// The writer: outcomes in batches as they come, the heartbeat every third of the
    /// lease, and the return of other workers' expired leases every half lease.
    func writeLoop() {
        let heartbeatEvery = configuration.lease / 3
        let reapEvery = configuration.lease / 2
        var lastHeartbeat = ContinuousClock.now
        var lastReap = ContinuousClock.now - reapEvery
        var failures = 0
        while true {
            let pending = state.withLock { state -> [Outcome] in
                let batch = Array(state.outcomes.prefix(configuration.maximumBatch))
                state.outcomes.removeFirst(batch.count)
                if state.outcomes.isEmpty { state.writerSignalled = false }
                return batch
            }
            if !pending.isEmpty {
                do {
                    try write(pending)
                    failures = 0
                } catch {
                    failures += 1
                    state.withLock { $0.outcomes.insert(contentsOf: pending, at: 0) }
                    if failures == 1 || failures % 60 == 0 { log("jobs: writing \(pending.count) outcome(s) failed, trying again: \(error)") }
                    let stopped = state.withLock { $0.phase == .stopped }
                    if stopped && failures >= 5 {
                        log("jobs: giving up on \(pending.count) outcome(s) at shutdown; their leases will run out and they will run again")
                        return
                    }
                    _ = writerWake.wait(timeout: .now() + .milliseconds(min(250 * failures, 2000)))
                    continue
                }
            }
            let now = ContinuousClock.now
            if now - lastHeartbeat >= heartbeatEvery {
                lastHeartbeat = now
                do { try heartbeat() } catch { log("jobs: heartbeat failed: \(error)") }
            }
            if now - lastReap >= reapEvery {
                lastReap = now
                do { try reapExpiredLeases() } catch { log("jobs: returning expired leases failed: \(error)") }
            }
            let (more, stopped) = state.withLock { (!$0.outcomes.isEmpty, $0.phase == .stopped) }
            if more { continue }
            if stopped { return }
            let untilHeartbeat = heartbeatEvery - (ContinuousClock.now - lastHeartbeat)
            _ = writerWake.wait(timeout: .now() + .milliseconds(max(1, untilHeartbeat.milliseconds)))
        }
    }

    /// Writes a batch of outcomes in one statement. Only rows still running under this
    /// worker's name and attempt change; workers are woken for jobs that will run again.
    func write(_ outcomes: [Outcome]) throws {
        let next = try pool.withIndexPlans(
            """
            WITH written AS (
                UPDATE jobs j SET
                    status = CASE WHEN o.result = 'retrying' AND j.cancel_requested_at IS NOT NULL THEN 'cancelled'
                                  ELSE o.result END,
                    last_error = coalesce(o.error, j.last_error),
                    attempts = CASE WHEN o.result = 'queued' THEN j.attempts - 1 ELSE j.attempts END,
                    run_at = CASE WHEN o.result = 'retrying' THEN now() + o.delay * interval '1 millisecond'
                                  WHEN o.result = 'queued' THEN now() ELSE j.run_at END,
                    progress_done = CASE WHEN o.result = 'succeeded' AND j.progress_total IS NOT NULL
                                         THEN greatest(j.progress_done, j.progress_total) ELSE j.progress_done END,
                    finished_at = CASE WHEN o.result IN ('succeeded', 'dead', 'cancelled')
                                         OR (o.result = 'retrying' AND j.cancel_requested_at IS NOT NULL) THEN now() END,
                    locked_by = NULL, locked_until = NULL, updated_at = now()
                FROM unnest(\(outcomes.map(\.jobID)), \(outcomes.map(\.attempt)), \(outcomes.map(\.result.rawValue)),
                            \(outcomes.map(\.error)), \(outcomes.map { $0.delay.milliseconds }))
                     AS o(id, attempt, result, error, delay)
                WHERE j.id = o.id AND j.attempts = o.attempt AND j.locked_by = \(configuration.name) AND j.status = 'running'
                RETURNING j.status, j.run_at
            ), earliest AS (
                SELECT min(run_at) AS run_at FROM written WHERE status IN ('retrying', 'queued')
            )
            SELECT run_at, CASE WHEN run_at IS NOT NULL THEN \(unsafeRaw: JobQueue.notifySQL(runAt: "run_at"))::text END
            FROM earliest
            """
        ).single(Date?.self)
        leases.remove(outcomes.map(\.jobID))
        if let next { noteDue(next) }
    }

    /// Extends the lease of every job this worker holds, and notes which of them someone
    /// asked to cancel.
    func heartbeat() throws {
        let held = leases.held
        guard !held.isEmpty else { return }
        let rows = try pool.withIndexPlans(
            """
            UPDATE jobs SET locked_until = now() + \(configuration.lease.milliseconds) * interval '1 millisecond'
            WHERE id = ANY(\(held.map(\.id))) AND locked_by = \(configuration.name) AND status = 'running'
            RETURNING id, cancel_requested_at IS NOT NULL
            """, durable: false)
        for row in rows {
            let (id, cancel) = try row.decode(Int64.self, Bool.self)
            if cancel { leases.requestCancel(id) }
        }
    }

    /// Jobs whose worker stopped renewing their lease (it died, or lost the database for
    /// longer than the lease) go back to the queue to run again at once, or end dead when
    /// that was their last attempt, or cancelled when someone asked. Any worker does this.
    @discardableResult
    func reapExpiredLeases() throws -> Int {
        let rows = try pool.query(
            """
            WITH expired AS (
                SELECT id FROM jobs WHERE status = 'running' AND locked_until < now()
                ORDER BY locked_until LIMIT 1000 FOR UPDATE SKIP LOCKED
            ), returned AS (
                UPDATE jobs j SET
                    status = CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'cancelled'
                                  WHEN j.attempts >= j.max_attempts THEN 'dead' ELSE 'retrying' END,
                    last_error = 'attempt ' || j.attempts || ' did not finish: its worker (' || coalesce(j.locked_by, '?')
                                 || ') stopped renewing its lease',
                    run_at = now(),
                    finished_at = CASE WHEN j.cancel_requested_at IS NOT NULL OR j.attempts >= j.max_attempts THEN now() END,
                    locked_by = NULL, locked_until = NULL, updated_at = now()
                FROM expired WHERE j.id = expired.id
                RETURNING j.id, j.status
            )
            SELECT count(*), CASE WHEN bool_or(status = 'retrying') THEN pg_notify(\(JobQueue.channel), '')::text END
            FROM returned
            """)
        let count = try rows.single(Int.self)
        if count > 0 { log("jobs: \(count) job(s) whose worker stopped renewing its lease went back to the queue") }
        return count
    }
}

extension ConnectionPool {
    /// Runs `query` in a transaction whose planner walks indexes (no sequential or bitmap
    /// scans, no sorts). The jobs table swings from empty to a huge backlog faster than
    /// statistics follow; with statistics from an empty table the planner sorts every due
    /// job to claim a batch (160 ms instead of 2 ms at 200,000 queued) or scans the table to
    /// write one back.
    ///
    /// `durable: false` commits without waiting for the WAL flush (claims, heartbeats): a
    /// PostgreSQL crash can forget the last moments of them, and those jobs are then simply
    /// claimed and run again, which leases allow for anyway.
    func withIndexPlans(_ query: Query, durable: Bool = true) throws -> QueryResult {
        try withConnection { connection in
            // One round trip to begin and set, one for the statement, one to commit.
            try connection.execute(
                unsafeSQL: "BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off"
                    + (durable ? "" : "; SET LOCAL synchronous_commit = off"))
            do {
                let result = try connection.query(query)
                try connection.execute(unsafeSQL: "COMMIT")
                return result
            } catch {
                if !connection.isBroken { try? connection.execute(unsafeSQL: "ROLLBACK") }
                throw error
            }
        }
    }
}
