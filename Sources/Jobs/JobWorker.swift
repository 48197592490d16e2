import Dispatch
import Foundation
import Postgres
import Synchronization

/// Runs queued jobs: a dispatcher thread claims batches (`FOR UPDATE SKIP LOCKED`) when
/// woken by `NOTIFY jobs` (or the poll interval passes), `concurrency` handler threads run
/// them, and a writer thread writes outcomes back in batches, extends the leases of the
/// jobs held (heartbeat) and returns jobs whose lease ran out (a worker that died) to the
/// queue. With a schedule, a scheduler thread enqueues each slot of the periodic jobs.
/// Any number of workers, in any number of processes, may run against one database.
///
/// ```swift
/// let worker = JobWorker(pool: pool, handlers: handlers, scope: { transaction, organizationID in ... })
/// worker.start()
/// ...
/// worker.stop()          // running jobs get `shutdownDeadline` to finish, then are handed back
/// ```
public final class JobWorker: Sendable {
    public let configuration: WorkerConfiguration
    let pool: ConnectionPool
    let handlers: JobHandlers
    let scope: TenantScope
    let log: @Sendable (String) -> Void
    let leases = LeaseBook()
    let scheduler: JobScheduler?

    let state = Mutex(State())
    /// One signal per job put in the local queue (and per handler thread at shutdown).
    let jobsReady = DispatchSemaphore(value: 0)
    /// Wakes the dispatcher when it waits for a free handler, and at shutdown.
    let dispatcherWake = DispatchSemaphore(value: 0)
    /// Wakes the writer when outcomes wait, and at shutdown.
    let writerWake = DispatchSemaphore(value: 0)
    let handlerThreads = DispatchGroup()
    let serviceThreads = DispatchGroup()

    enum Phase: Sendable {
        case created, running, stopping, stopped
    }

    struct State {
        var phase = Phase.created
        var queue = JobQueueBuffer()
        /// Claimed jobs not yet returned by a handler (queued here or running).
        var outstanding = 0
        /// Jobs a handler is running now, by id, with their attempt.
        var running: [Int64: Int] = [:]
        var outcomes: [Outcome] = []
        var writerSignalled = false
        /// Set while the dispatcher waits for handlers: wake it when fewer are outstanding.
        var wakeDispatcherBelow: Int?
        /// Average handler time in seconds (exponentially weighted), which sizes the batches.
        var averageDuration = 0.1
        /// The earliest future `run_at` heard of (notifications, this worker's retries).
        var nextDue: Date?
    }

    /// - Parameters:
    ///   - scope: puts a transaction in an organization's scope (nil: a system job); the
    ///     handlers' `JobContext.transaction` calls it first.
    ///   - schedule: periodic jobs this worker enqueues each slot of.
    public init(
        pool: ConnectionPool, handlers: JobHandlers, configuration: WorkerConfiguration = WorkerConfiguration(),
        schedule: [PeriodicJob] = [], scope: @escaping TenantScope = { _, _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.pool = pool
        self.handlers = handlers
        self.configuration = configuration
        self.scope = scope
        self.log = log
        scheduler = schedule.isEmpty ? nil : JobScheduler(pool: pool, jobs: schedule, log: log)
    }

    /// Starts the threads. Starting twice, or after `stop`, does nothing.
    public func start() {
        let starting = state.withLock { state -> Bool in
            guard state.phase == .created else { return false }
            state.phase = .running
            return true
        }
        guard starting else { return }
        spawn("jobs-dispatcher", group: serviceThreads) { [self] in dispatchLoop() }
        spawn("jobs-writer", group: serviceThreads) { [self] in writeLoop() }
        for index in 0..<configuration.concurrency {
            spawn("jobs-handler-\(index)", group: handlerThreads) { [self] in handlerLoop() }
        }
        scheduler?.start()
    }

    /// What `stop` did with the jobs it held.
    public struct ShutdownReport: Sendable, Equatable {
        /// Jobs still running at the deadline, handed back to the queue.
        public var handedBack: [Int64]
        /// Claimed jobs that had not started, handed back.
        public var unstarted: [Int64]
    }

    /// Stops claiming, hands back claimed jobs that have not started, lets running jobs
    /// finish within `deadline` (default: the configuration's), hands back those still
    /// running, writes every outcome and stops the threads. Handed-back jobs are queued
    /// again without counting the attempt; a handler still running one is abandoned (its
    /// outcome is ignored).
    @discardableResult
    public func stop(deadline: Duration? = nil) -> ShutdownReport {
        let unstarted: [ClaimedJob]? = state.withLock { state in
            guard state.phase == .running else {
                state.phase = .stopped
                return nil
            }
            state.phase = .stopping
            var unstarted: [ClaimedJob] = []
            while let job = state.queue.popFirst() { unstarted.append(job) }
            state.outstanding -= unstarted.count
            state.outcomes += unstarted.map { Outcome(jobID: $0.id, attempt: $0.attempt, result: .queued) }
            return unstarted
        }
        guard let unstarted else { return ShutdownReport(handedBack: [], unstarted: []) }
        scheduler?.stop()
        dispatcherWake.signal()
        for _ in 0..<configuration.concurrency { jobsReady.signal() }
        let limit = DispatchTime.now() + .milliseconds((deadline ?? configuration.shutdownDeadline).milliseconds)
        var handedBack: [Int64] = []
        if handlerThreads.wait(timeout: limit) == .timedOut {
            handedBack = state.withLock { state in
                let running = state.running
                state.running.removeAll()
                state.outcomes += running.map { Outcome(jobID: $0.key, attempt: $0.value, result: .queued) }
                return running.keys.sorted()
            }
            log("jobs: \(handedBack.count) job(s) still running at the shutdown deadline were handed back: \(handedBack)")
        }
        state.withLock { $0.phase = .stopped }
        writerWake.signal()
        dispatcherWake.signal()
        serviceThreads.wait()
        // Jobs of a claim that ended after the writer did.
        let leftover = state.withLock { state in
            defer { state.outcomes.removeAll() }
            return state.outcomes
        }
        if !leftover.isEmpty {
            do { try write(leftover) } catch { log("jobs: handing back \(leftover.count) job(s) failed; they run again after their lease: \(error)") }
        }
        return ShutdownReport(handedBack: handedBack, unstarted: unstarted.map(\.id))
    }

    var isRunning: Bool { state.withLock { $0.phase == .running } }

    func spawn(_ name: String, group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }
}

/// A first-in, first-out buffer of claimed jobs.
struct JobQueueBuffer {
    private var items: [ClaimedJob] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(contentsOf jobs: [ClaimedJob]) {
        items.append(contentsOf: jobs)
    }

    mutating func popFirst() -> ClaimedJob? {
        guard head < items.count else { return nil }
        let job = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return job
    }
}
