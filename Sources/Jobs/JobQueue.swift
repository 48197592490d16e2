import Foundation
import Postgres

/// The operations on queued jobs besides enqueueing (`Transaction.enqueue`): look-up,
/// listing, cancel and retry, each inside a caller's transaction (a tenant transaction for
/// pages, a plain one for operators). `organizationID` limits an operation to one
/// organization's jobs; nil means every job (operators).
public enum JobQueue {
    /// The `LISTEN`/`NOTIFY` channel that wakes workers. The payload is empty for jobs due
    /// now, or the epoch milliseconds of the earliest future `run_at`.
    public static let channel = "jobs"

    /// SQL that notifies the workers about a job whose `run_at` is in column `column`.
    static func notifySQL(runAt column: String) -> String {
        "pg_notify('\(channel)', CASE WHEN \(column) <= now() THEN '' "
            + "ELSE (extract(epoch FROM \(column)) * 1000)::bigint::text END)"
    }

    /// What a listing shows.
    public struct Filter: Sendable {
        /// One organization's jobs; nil for all.
        public var organizationID: Int64?
        /// Only these statuses; empty for all.
        public var statuses: [JobStatus]
        /// Jobs with a smaller id than this (the next page); nil for the newest.
        public var beforeID: Int64?
        public var limit: Int

        public init(organizationID: Int64? = nil, statuses: [JobStatus] = [], beforeID: Int64? = nil, limit: Int = 50) {
            self.organizationID = organizationID
            self.statuses = statuses
            self.beforeID = beforeID
            self.limit = limit
        }
    }

    /// What `cancel` did.
    public enum CancelResult: Sendable, Equatable {
        /// The job had not started (or was waiting for a retry) and is cancelled.
        case cancelled
        /// The job is running; it stops at its next progress report.
        case stopRequested
    }

    /// The job with `id`, if it exists (and belongs to `organizationID` when given).
    public static func job(id: Int64, organizationID: Int64? = nil, in transaction: Transaction) throws -> JobRecord? {
        try transaction.query(
            """
            SELECT \(JobRecord.columns) FROM jobs
            WHERE id = \(id) AND (\(organizationID) IS NULL OR organization_id = \(organizationID))
            """, as: JobRecord.self
        ).first
    }

    /// The newest jobs matching `filter`, newest first.
    public static func list(_ filter: Filter, in transaction: Transaction) throws -> [JobRecord] {
        // Only the conditions asked for, so that one organization's page walks its index.
        var conditions: [Query] = ["true"]
        if let organizationID = filter.organizationID { conditions.append("organization_id = \(organizationID)") }
        if !filter.statuses.isEmpty { conditions.append("status = ANY(\(filter.statuses.map(\.rawValue)))") }
        if let beforeID = filter.beforeID { conditions.append("id < \(beforeID)") }
        return try transaction.query(
            """
            SELECT \(JobRecord.columns) FROM jobs
            WHERE \(Query.joined(conditions, separator: " AND "))
            ORDER BY \(unsafeRaw: filter.organizationID == nil ? "id DESC" : "organization_id, id DESC")
            LIMIT \(max(1, min(filter.limit, 10_000)))
            """, as: JobRecord.self)
    }

    /// Cancels a queued or retrying job, or asks a running one to stop. A finished job
    /// cannot be cancelled.
    @discardableResult
    public static func cancel(id: Int64, organizationID: Int64? = nil, in transaction: Transaction) throws -> CancelResult {
        let status = try lockedStatus(id: id, organizationID: organizationID, in: transaction)
        switch status {
        case .queued, .retrying:
            try transaction.execute(
                """
                UPDATE jobs SET status = 'cancelled', finished_at = now(), updated_at = now(), cancel_requested_at = now()
                WHERE id = \(id)
                """)
            return .cancelled
        case .running:
            try transaction.execute(
                "UPDATE jobs SET cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now() WHERE id = \(id)")
            return .stopRequested
        case .succeeded, .dead, .cancelled:
            throw JobsError(.notAllowed, "Job \(id) is \(status.rawValue) already; there is nothing to cancel.")
        }
    }

    /// Runs a dead or cancelled job again from its first attempt, or a retrying job now
    /// instead of at its next attempt's time. Queued, running and succeeded jobs cannot be
    /// retried.
    public static func retry(id: Int64, organizationID: Int64? = nil, in transaction: Transaction) throws {
        let status = try lockedStatus(id: id, organizationID: organizationID, in: transaction)
        switch status {
        case .dead, .cancelled:
            do {
                _ = try transaction.savepoint { transaction in
                    try transaction.execute(
                        """
                        UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), started_at = NULL, finished_at = NULL,
                               cancel_requested_at = NULL, progress_done = 0, progress_total = NULL, progress_message = '',
                               updated_at = now()
                        WHERE id = \(id)
                        """)
                }
            } catch let error as PostgresError where error.isUniqueViolation {
                throw JobsError(.duplicate, "Job \(id) cannot run again while another job with its key is pending.")
            }
        case .retrying:
            try transaction.execute("UPDATE jobs SET run_at = now(), updated_at = now() WHERE id = \(id)")
        case .queued, .running:
            throw JobsError(.notAllowed, "Job \(id) is \(status.rawValue); only dead, cancelled or retrying jobs can be retried.")
        case .succeeded:
            throw JobsError(.notAllowed, "Job \(id) succeeded; only dead, cancelled or retrying jobs can be retried.")
        }
        try transaction.notify(channel: channel)
    }

    /// Deletes jobs that finished (succeeded, dead or cancelled) more than `age` ago, in
    /// batches of `batchSize` so that no statement runs long; returns how many went.
    @discardableResult
    public static func purgeFinished(olderThan age: Duration, pool: ConnectionPool, batchSize: Int = 10_000) throws -> Int {
        var purged = 0
        while true {
            let deleted = try pool.execute(
                """
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs
                    WHERE finished_at < now() - \(age.milliseconds) * interval '1 millisecond'
                      AND status IN ('succeeded', 'dead', 'cancelled')
                    LIMIT \(batchSize)
                )
                """)
            purged += deleted
            if deleted < batchSize { return purged }
        }
    }

    private static func lockedStatus(id: Int64, organizationID: Int64?, in transaction: Transaction) throws -> JobStatus {
        let word = try transaction.query(
            """
            SELECT status FROM jobs
            WHERE id = \(id) AND (\(organizationID) IS NULL OR organization_id = \(organizationID))
            FOR UPDATE
            """
        ).first.map { try $0.decode(String.self, at: 0) }
        guard let word else { throw JobsError.notFound(id) }
        guard let status = JobStatus(rawValue: word) else {
            throw JobsError(.unexpected, "job \(id) has the unknown status '\(word)'")
        }
        return status
    }
}
