import Foundation
import Postgres

/// A job as the pages and `lodestar jobs list` show it: one row of `jobs`.
public struct JobRecord: Sendable, Equatable, RowDecodable {
    public let id: Int64
    public let organizationID: Int64?
    public let kind: String
    public let status: JobStatus
    public let priority: Int16
    public let attempts: Int
    public let maxAttempts: Int
    public let lastError: String?
    public let progress: JobProgress
    public let requestedBy: Int64?
    public let uniqueKey: String?
    public let runAt: Date
    public let createdAt: Date
    public let startedAt: Date?
    public let finishedAt: Date?
    public let updatedAt: Date
    /// Someone asked a running job to stop; it does at its next progress report.
    public let cancelRequested: Bool

    /// The columns `init(row:)` reads, for `SELECT \(JobRecord.columns) FROM jobs ...`.
    public static let columns: Query = """
        id, organization_id, kind, status, priority, attempts, max_attempts, last_error, progress_done,
        progress_total, progress_message, requested_by, unique_key, run_at, created_at, started_at, finished_at,
        updated_at, cancel_requested_at IS NOT NULL AS cancel_requested
        """

    public init(row: Row) throws {
        id = try row.decode(column: "id")
        organizationID = try row.decode(column: "organization_id")
        kind = try row.decode(column: "kind")
        let word: String = try row.decode(column: "status")
        guard let status = JobStatus(rawValue: word) else {
            throw JobsError(.unexpected, "job \(id) has the unknown status '\(word)'")
        }
        self.status = status
        priority = try row.decode(column: "priority")
        attempts = try row.decode(column: "attempts")
        maxAttempts = try row.decode(column: "max_attempts")
        lastError = try row.decode(column: "last_error")
        progress = JobProgress(
            done: try row.decode(column: "progress_done"), total: try row.decode(column: "progress_total"),
            message: try row.decode(column: "progress_message"))
        requestedBy = try row.decode(column: "requested_by")
        uniqueKey = try row.decode(column: "unique_key")
        runAt = try row.decode(column: "run_at")
        createdAt = try row.decode(column: "created_at")
        startedAt = try row.decode(column: "started_at")
        finishedAt = try row.decode(column: "finished_at")
        updatedAt = try row.decode(column: "updated_at")
        cancelRequested = try row.decode(column: "cancel_requested")
    }
}

/// How far a job got: `done` of `total` (nil when the job does not know the total yet)
/// and a short message.
public struct JobProgress: Sendable, Equatable {
    public var done: Int64
    public var total: Int64?
    public var message: String

    public init(done: Int64 = 0, total: Int64? = nil, message: String = "") {
        self.done = done
        self.total = total
        self.message = message
    }

    /// Done as a whole percentage of the total (0...100), nil without a total.
    public var percent: Int? {
        guard let total, total > 0 else { return nil }
        return Int(min(100, max(0, done * 100 / total)))
    }
}
