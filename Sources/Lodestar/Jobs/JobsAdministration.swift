import Foundation
import Jobs
import Postgres

/// What `lodestar jobs` does, callable without a terminal: list jobs across
/// organizations, retry and cancel (the same operations as the jobs pages, audited with no
/// actor, as the command line).
public struct JobsAdministration: Sendable {
    let pool: ConnectionPool

    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// A job and the name of its organization (nil for system jobs).
    public struct Listed: Sendable {
        public let job: JobRecord
        public let organization: String?
    }

    /// The newest `limit` jobs, of the organization named `organizationName` and with the
    /// status word `status` (a stored status, or `failed` for retrying and dead) when given.
    public func list(organizationName: String?, status: String?, limit: Int = 50) throws -> [Listed] {
        var filter = JobQueue.Filter(limit: limit)
        if let status {
            guard let statuses = JobStatus.matching(status) else {
                let words = JobStatus.allCases.map(\.rawValue) + ["failed"]
                throw AdministrationError("unknown status '\(status)'; use one of \(words.joined(separator: ", "))")
            }
            filter.statuses = statuses
        }
        return try pool.transaction { transaction in
            if let organizationName {
                guard let id = try transaction.query("SELECT id FROM organizations WHERE name = \(organizationName)::citext")
                    .first.map({ try $0.decode(Int64.self, at: 0) }) else {
                    throw AdministrationError("there is no organization named '\(organizationName)'")
                }
                filter.organizationID = id
            }
            let jobs = try JobQueue.list(filter, in: transaction)
            let ids = Array(Set(jobs.compactMap(\.organizationID)))
            var names: [Int64: String] = [:]
            for row in try transaction.query("SELECT id, name::text FROM organizations WHERE id = ANY(\(ids))") {
                let (id, name) = try row.decode(Int64.self, String.self)
                names[id] = name
            }
            return jobs.map { Listed(job: $0, organization: $0.organizationID.flatMap { names[$0] }) }
        }
    }

    /// `list`'s jobs as text: a header, then one line per job, columns padded to their
    /// widest value (the error cut at 60 characters).
    public static func table(_ jobs: [Listed]) -> String {
        let header = ["ID", "ORGANIZATION", "KIND", "STATUS", "ATTEMPTS", "PROGRESS", "CREATED (UTC)", "LAST ERROR"]
        let rows = jobs.map { listed -> [String] in
            let job = listed.job
            let progress = job.progress.total.map { "\(job.progress.done)/\($0)" } ?? (job.progress.done > 0 ? "\(job.progress.done)" : "-")
            let error = (job.lastError ?? "").replacingOccurrences(of: "\n", with: " ")
            return [
                String(job.id), listed.organization ?? "(system)", job.kind, job.status.rawValue,
                "\(job.attempts)/\(job.maxAttempts)", progress, JobView.time(job.createdAt),
                error.count > 60 ? String(error.prefix(59)) + "…" : error,
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, value in
                column == row.count - 1 ? value : value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    /// Runs a dead or cancelled job again (or a retrying one now); returns a one-line report.
    public func retry(id: Int64) throws -> String {
        let job = try inScopeOfJob(id) { transaction in
            try transaction.retryJob(id, organizationID: nil, actorUserID: nil, ipAddress: nil)
        }
        return "job \(id) (\(job.kind)) is \(job.status.rawValue) and will run \(job.status == .retrying ? "now" : "again")"
    }

    /// Cancels a queued or retrying job, or asks a running one to stop; a one-line report.
    public func cancel(id: Int64) throws -> String {
        let (job, result) = try inScopeOfJob(id) { transaction in
            try transaction.cancelJob(id, organizationID: nil, actorUserID: nil, ipAddress: nil)
        }
        switch result {
        case .cancelled: return "job \(id) (\(job.kind)) is cancelled"
        case .stopRequested: return "job \(id) (\(job.kind)) is running; it stops at its next progress report"
        }
    }

    /// Runs `body` in a transaction scoped to the job's organization (system jobs: no scope).
    private func inScopeOfJob<T>(_ id: Int64, _ body: (Transaction) throws -> T) throws -> T {
        do {
            guard let row = try pool.query("SELECT organization_id FROM jobs WHERE id = \(id)").first else {
                throw JobsError.notFound(id)
            }
            let organizationID = try row.decode(Int64?.self, at: 0)
            return try pool.transaction { transaction in
                if let organizationID { try transaction.scope(organizationID: organizationID) }
                return try body(transaction)
            }
        } catch let error as JobsError {
            throw AdministrationError(error.description)
        }
    }
}
