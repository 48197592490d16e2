import Dispatch
import Foundation
import Postgres
import Synchronization

/// Stores landing-page submissions with group commit: handler threads call `submit`,
/// which queues the submission and blocks until the transaction holding it has
/// committed (with `synchronous_commit` as the server has it, normally on), then returns
/// that submission's own outcome. Writer threads (`writerCount`, started with the first
/// submission) each take everything queued (at most `maximumBatch`), store it in one
/// transaction (`SubmissionBatch`) and wake the waiters; while one batch commits, the next
/// one gathers. So 64 concurrent submissions cost a few commits, not 64.
///
/// Identical submissions in one batch are stored once and all get that lead. If a batch
/// fails, each submission in it is retried in a transaction of its own, so one bad row
/// never loses the others; a submission that still fails gets its own error. A batch that
/// failed for want of a connection (pool timeout, server unreachable) is not retried: all
/// its waiters get that error at once.
final class SubmissionWriter: Sendable {
    private final class Ticket: Sendable {
        let submission: Submission
        private let result = Mutex<Result<SubmissionOutcome, any Error>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ submission: Submission) { self.submission = submission }

        func complete(_ outcome: Result<SubmissionOutcome, any Error>) {
            result.withLock { $0 = outcome }
            done.signal()
        }

        func wait() throws -> SubmissionOutcome {
            done.wait()
            guard let outcome = result.withLock({ $0 }) else {
                throw SubmissionError.missingResult
            }
            return try outcome.get()
        }
    }

    private struct State {
        var queue: [Ticket] = []
        var started = false
        var stopped = false
    }

    let writerCount: Int
    let maximumBatch: Int
    /// Identical submissions within this many seconds make no new lead (0 = no check).
    let duplicateWindowSeconds: Int
    private let pool: ConnectionPool
    private let state = Mutex(State())
    private let work = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    init(pool: ConnectionPool, duplicateWindowSeconds: Int, writerCount: Int = 2, maximumBatch: Int = 256) {
        self.pool = pool
        self.duplicateWindowSeconds = duplicateWindowSeconds
        self.writerCount = max(1, writerCount)
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Stores `submission` and returns once it is durable (or throws why it is not).
    func submit(_ submission: Submission) throws -> SubmissionOutcome {
        let ticket = Ticket(submission)
        let start = try state.withLock { state -> Bool in
            if state.stopped { throw SubmissionError.writerStopped }
            state.queue.append(ticket)
            guard !state.started else { return false }
            state.started = true
            // Entered under the lock, so a `stop()` that sees `started` always waits for the
            // writers, even if it runs before their threads exist.
            for _ in 0..<writerCount { finished.enter() }
            return true
        }
        if start { startWriters() }
        work.signal()
        return try ticket.wait()
    }

    /// Lets the writers finish what is queued and end (at shutdown).
    func stop() {
        let started = state.withLock { state in
            state.stopped = true
            return state.started
        }
        guard started else { return }
        for _ in 0..<writerCount { work.signal() }
        finished.wait()
    }

    private func startWriters() {
        for index in 0..<writerCount {
            let thread = Thread { [self] in
                run()
                finished.leave()
            }
            thread.name = "submission-writer-\(index)"
            thread.start()
        }
    }

    private func run() {
        while true {
            work.wait()
            let (batch, stopping) = state.withLock { state -> ([Ticket], Bool) in
                let count = min(state.queue.count, maximumBatch)
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return (batch, state.stopped && state.queue.isEmpty)
            }
            if !batch.isEmpty { store(batch) }
            if stopping { return }
        }
    }

    private func store(_ tickets: [Ticket]) {
        // One submission per key goes to the database; its twins in the batch share its lead.
        var primaries: [Submission] = []
        var seen = Set<String>()
        for ticket in tickets where seen.insert(ticket.submission.submissionKey).inserted {
            primaries.append(ticket.submission)
        }
        var results: [String: Result<SubmissionOutcome, any Error>] = [:]
        do {
            let outcomes = try write(primaries)
            for (submission, outcome) in zip(primaries, outcomes) { results[submission.submissionKey] = .success(outcome) }
        } catch {
            // Without a connection, retrying each submission alone would only wait out the
            // pool's (or libpq's connect) timeout once per submission before failing too.
            let databaseUnavailable = (error as? PostgresError).map { $0.isPoolTimeout || $0.isConnectionFailure } ?? false
            for submission in primaries {
                results[submission.submissionKey] = primaries.count == 1 || databaseUnavailable
                    ? .failure(error)
                    : Result { try write([submission])[0] }
            }
        }
        var answered = Set<String>()
        for ticket in tickets {
            let key = ticket.submission.submissionKey
            guard let result = results[key] else {
                ticket.complete(.failure(SubmissionError.missingResult))
                continue
            }
            if answered.insert(key).inserted {
                ticket.complete(result)
            } else {
                ticket.complete(result.map { .duplicate(leadID: $0.leadID) })
            }
        }
    }

    private func write(_ submissions: [Submission]) throws -> [SubmissionOutcome] {
        try pool.transaction { transaction in
            try SubmissionBatch.write(submissions, duplicateWindowSeconds: duplicateWindowSeconds, in: transaction)
        }
    }
}
