import Foundation
import Jobs
import Postgres

/// Retry and cancel as people do them (the jobs pages and `lodestar jobs`): the queue's
/// operation plus an audit entry in the job's organization, in one transaction.
extension Transaction {
    /// Retries job `id` (only one of `organizationID` when given); returns it as it is now.
    func retryJob(_ id: Int64, organizationID: Int64?, actorUserID: Int64?, ipAddress: String?) throws -> JobRecord {
        try JobQueue.retry(id: id, organizationID: organizationID, in: self)
        let job = try requireJob(id)
        try audit(AuditEvent(
            organizationID: job.organizationID, actorUserID: actorUserID, action: "job.retried", entityType: "job",
            entityID: String(id), newValues: ["kind": job.kind, "status": job.status.rawValue], ipAddress: ipAddress))
        return job
    }

    /// Cancels job `id` (or asks it to stop when running); returns it as it is now.
    func cancelJob(
        _ id: Int64, organizationID: Int64?, actorUserID: Int64?, ipAddress: String?
    ) throws -> (JobRecord, JobQueue.CancelResult) {
        let result = try JobQueue.cancel(id: id, organizationID: organizationID, in: self)
        let job = try requireJob(id)
        try audit(AuditEvent(
            organizationID: job.organizationID, actorUserID: actorUserID, action: "job.cancelled", entityType: "job",
            entityID: String(id),
            newValues: ["kind": job.kind, "result": result == .cancelled ? "cancelled" : "stop requested"], ipAddress: ipAddress))
        return (job, result)
    }

    private func requireJob(_ id: Int64) throws -> JobRecord {
        guard let job = try JobQueue.job(id: id, in: self) else { throw JobsError.notFound(id) }
        return job
    }
}
