import Foundation
import Postgres

extension Transaction {
    /// Adds `job` to the queue inside this transaction: it exists, and workers are woken
    /// (`NOTIFY jobs`), exactly when the transaction commits. With a unique key that a
    /// pending job of the same organization holds, nothing is added and that job is reported.
    @discardableResult
    public func enqueue(_ job: NewJob) throws -> EnqueueResult {
        try job.validate()
        // A pending duplicate can finish between the insert's conflict check and the look-up
        // of its id (or belong to a transaction that had not committed); then insert again.
        for _ in 0..<5 {
            let rows = try query(
                """
                WITH inserted AS (
                    INSERT INTO jobs (kind, payload, organization_id, priority, run_at, max_attempts, requested_by, unique_key)
                    VALUES (\(job.kind), \(job.payload), \(job.organizationID), \(job.priority), coalesce(\(job.runAt), now()),
                            \(job.maxAttempts), \(job.requestedBy), \(job.uniqueKey))
                    ON CONFLICT ((coalesce(organization_id, 0)), unique_key)
                        WHERE unique_key IS NOT NULL AND status IN ('queued', 'running', 'retrying') DO NOTHING
                    RETURNING id, run_at
                )
                SELECT id, true AS created, \(unsafeRaw: JobQueue.notifySQL(runAt: "run_at"))::text AS notified FROM inserted
                UNION ALL
                SELECT id, false, NULL FROM jobs
                WHERE NOT EXISTS (SELECT 1 FROM inserted) AND unique_key = \(job.uniqueKey)
                  AND coalesce(organization_id, 0) = coalesce(\(job.organizationID), 0)
                  AND status IN ('queued', 'running', 'retrying')
                """)
            if let row = rows.first {
                let (id, created) = try row.decode(Int64.self, Bool.self)
                return created ? .enqueued(id) : .duplicate(id)
            }
        }
        throw JobsError(.duplicate, "A job with the key '\(job.uniqueKey ?? "")' keeps appearing and finishing; try again.")
    }

    /// Adds many jobs in a few statements (multi-row inserts of `chunkSize` rows); workers
    /// are woken once per statement. Jobs whose unique key a pending job holds are skipped.
    /// Returns how many were added.
    @discardableResult
    public func enqueue(contentsOf jobs: some Collection<NewJob>, chunkSize: Int = 5000) throws -> Int {
        let jobs = Array(jobs)
        for job in jobs { try job.validate() }
        var added = 0
        var start = jobs.startIndex
        while start < jobs.endIndex {
            let chunk = jobs[start..<min(start + max(1, chunkSize), jobs.endIndex)]
            start = chunk.endIndex
            added += try query(
                """
                WITH inserted AS (
                    INSERT INTO jobs (kind, payload, organization_id, priority, run_at, max_attempts, requested_by, unique_key)
                    SELECT j.kind, j.payload, j.organization_id, j.priority, coalesce(j.run_at, now()), j.max_attempts,
                           j.requested_by, j.unique_key
                    FROM unnest(\(chunk.map(\.kind)), \(chunk.map(\.payload)), \(chunk.map(\.organizationID)),
                                \(chunk.map(\.priority)), \(chunk.map(\.runAt)), \(chunk.map(\.maxAttempts)),
                                \(chunk.map(\.requestedBy)), \(chunk.map(\.uniqueKey)))
                         AS j(kind, payload, organization_id, priority, run_at, max_attempts, requested_by, unique_key)
                    ON CONFLICT ((coalesce(organization_id, 0)), unique_key)
                        WHERE unique_key IS NOT NULL AND status IN ('queued', 'running', 'retrying') DO NOTHING
                    RETURNING run_at
                ), earliest AS (
                    SELECT count(*) AS added, min(run_at) AS run_at FROM inserted
                )
                SELECT added, CASE WHEN added > 0 THEN \(unsafeRaw: JobQueue.notifySQL(runAt: "run_at"))::text END
                FROM earliest
                """
            ).single(Int.self)
        }
        return added
    }
}
