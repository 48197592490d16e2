import Foundation
import Postgres
import Synchronization

/// What a handler gets besides its payload: which job it runs, short tenant-scoped
/// transactions, and progress reports (which is also where it learns it was cancelled).
///
/// A long job does its work in many short `transaction` calls rather than one long one,
/// so it holds no locks and no snapshot for minutes, and reports progress between them.
public final class JobContext: Sendable {
    public let id: Int64
    public let kind: String
    /// The organization the job belongs to; nil for system jobs.
    public let organizationID: Int64?
    /// This attempt's number, from 1.
    public let attempt: Int
    public let maxAttempts: Int
    /// The user who enqueued it, if any.
    public let requestedBy: Int64?
    /// The worker's connection pool, for work outside the organization's scope (system jobs).
    public let pool: ConnectionPool

    private let worker: String
    private let lease: Duration
    private let progressInterval: Duration
    private let scope: TenantScope
    private let leases: LeaseBook
    private let lastWrite = Mutex<ContinuousClock.Instant?>(nil)
    private let logger: @Sendable (String) -> Void

    init(
        job: ClaimedJob, pool: ConnectionPool, worker: String, configuration: WorkerConfiguration, scope: @escaping TenantScope,
        leases: LeaseBook, log: @escaping @Sendable (String) -> Void
    ) {
        id = job.id
        kind = job.kind
        organizationID = job.organizationID
        attempt = job.attempt
        maxAttempts = job.maxAttempts
        requestedBy = job.requestedBy
        self.pool = pool
        self.worker = worker
        lease = configuration.lease
        progressInterval = configuration.progressInterval
        self.scope = scope
        self.leases = leases
        logger = log
    }

    /// Runs `body` in a transaction scoped to the job's organization (row-level security
    /// applies as for a request); for a system job, in the scope of no organization.
    public func transaction<T>(_ body: (Transaction) throws -> T) throws -> T {
        try pool.transaction { transaction in
            try scope(transaction, organizationID)
            return try body(transaction)
        }
    }

    /// Reports how far the job got (shown on its page). Reports closer together than the
    /// worker's progress interval are not written, except the one that reaches the total.
    /// Throws `JobCancelled` when someone cancelled the job (let it propagate: the job ends
    /// cancelled), and `JobLost` when this worker no longer holds it.
    public func progress(done: Int64, total: Int64? = nil, message: String = "") throws {
        if leases.isCancelRequested(id) { throw JobCancelled(jobID: id) }
        let now = ContinuousClock.now
        let due = lastWrite.withLock { last -> Bool in
            if let last, now - last < progressInterval, total == nil || done < (total ?? 0) { return false }
            last = now
            return true
        }
        guard due else { return }
        let text = message.count <= 200 ? message : String(message.prefix(199)) + "…"
        let rows: QueryResult
        do {
            rows = try pool.query(
                """
                UPDATE jobs SET progress_done = \(max(0, done)), progress_total = \(total.map { max(0, $0) }),
                       progress_message = \(text), updated_at = now(),
                       locked_until = now() + \(lease.milliseconds) * interval '1 millisecond'
                WHERE id = \(id) AND attempts = \(attempt) AND locked_by = \(worker) AND status = 'running'
                RETURNING cancel_requested_at IS NOT NULL
                """)
        } catch let error as PostgresError where error.isConnectionFailure || error.isPoolTimeout {
            // Progress is for people watching; losing the database for a moment must not
            // fail the job (the heartbeat keeps the lease once it is back).
            log("progress not written: \(error)")
            return
        }
        guard let row = rows.first else { throw JobLost(jobID: id) }
        if try row.decode(Bool.self, at: 0) {
            leases.requestCancel(id)
            throw JobCancelled(jobID: id)
        }
    }

    /// Whether someone asked this job to stop (as of the last heartbeat or progress report).
    public var isCancelRequested: Bool { leases.isCancelRequested(id) }

    /// Writes a line to the worker's log, prefixed with the job.
    public func log(_ message: String) {
        logger("job \(id) (\(kind)): \(message)")
    }
}

/// Puts a transaction in the scope of an organization (nil: a system job): the
/// application's tenant settings and role, so that row-level security applies.
public typealias TenantScope = @Sendable (Transaction, Int64?) throws -> Void

/// The jobs a worker holds (claimed and not yet written back), with their attempt numbers
/// and whether a cancellation was seen for them.
final class LeaseBook: Sendable {
    private struct Entry {
        var attempt: Int
        var cancelRequested = false
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    func add(_ jobs: [ClaimedJob]) {
        entries.withLock { entries in
            for job in jobs { entries[job.id] = Entry(attempt: job.attempt) }
        }
    }

    func remove(_ ids: [Int64]) {
        entries.withLock { entries in
            for id in ids { entries[id] = nil }
        }
    }

    var held: [(id: Int64, attempt: Int)] {
        entries.withLock { $0.map { (id: $0.key, attempt: $0.value.attempt) } }
    }

    var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    func requestCancel(_ id: Int64) {
        entries.withLock { $0[id]?.cancelRequested = true }
    }

    func isCancelRequested(_ id: Int64) -> Bool {
        entries.withLock { $0[id]?.cancelRequested ?? false }
    }
}
