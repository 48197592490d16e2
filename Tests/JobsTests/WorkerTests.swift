import Foundation
import Jobs
import Postgres
import Synchronization
import Testing

/// Handlers and a worker over a test's own database.
struct WorkerWorld {
    let database: JobsDatabase
    let table: String

    init() throws {
        database = try JobsDatabase()
        table = try database.runTable()
    }

    func worker(
        _ handlers: JobHandlers, concurrency: Int = 4, lease: Duration = .seconds(30), shutdown: Duration = .seconds(5),
        scope: @escaping TenantScope = { _, _ in }
    ) -> JobWorker {
        JobWorker(
            pool: database.pool, handlers: handlers,
            configuration: WorkerConfiguration(
                concurrency: concurrency, lease: lease, pollInterval: .seconds(1), shutdownDeadline: shutdown,
                progressInterval: .zero),
            scope: scope)
    }

    func enqueue(_ kind: String, _ payload: Payload? = nil, maxAttempts: Int = 5, organizationID: Int64? = nil) throws -> Int64 {
        try database.pool.transaction { transaction in
            try transaction.enqueue(try NewJob(
                kind: kind, payload: payload ?? Payload(table: table), organizationID: organizationID, maxAttempts: maxAttempts)).id
        }
    }

    func job(_ id: Int64) throws -> JobRecord {
        try #require(try database.pool.transaction { try JobQueue.job(id: id, in: $0) })
    }

    func runs(_ id: Int64, _ event: String = "finished") throws -> Int {
        try database.count("SELECT count(*) FROM \(identifier: table) WHERE job_id = \(id) AND event = \(event)")
    }
}

func record(_ job: JobContext, _ table: String, _ event: String = "finished") throws {
    try job.pool.execute(
        "INSERT INTO \(identifier: table) (job_id, attempt, event, pid) VALUES (\(job.id), \(job.attempt), \(event), 0)")
}

@Suite struct WorkerTests {
    @Test func runsQueuedJobsAndOnesEnqueuedWhileItWaits() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        var handlers = JobHandlers()
        handlers.register("test.record", payload: Payload.self) { payload, job in
            try job.progress(done: 1, total: 2, message: "half way")
            try record(job, payload.table)
        }
        let before = try world.enqueue("test.record")
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the queued job succeeded") { try world.job(before).status == .succeeded }
        let after = try world.enqueue("test.record")
        waitUntil("the job enqueued later succeeded") { try world.job(after).status == .succeeded }
        for id in [before, after] {
            let job = try world.job(id)
            #expect(job.attempts == 1)
            #expect(job.finishedAt != nil)
            #expect(job.progress == JobProgress(done: 2, total: 2, message: "half way"))
            #expect(try world.runs(id) == 1)
        }
    }

    @Test func aThrowingHandlerIsRetriedWithGrowingDelaysThenDeadWithItsError() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        struct Broken: Error, CustomStringConvertible { let description = "the mail relay said no" }
        let starts = Mutex<[ContinuousClock.Instant]>([])
        var handlers = JobHandlers()
        handlers.register("test.broken", payload: Payload.self, retry: RetryPolicy(baseDelay: .milliseconds(300))) { _, _ in
            starts.withLock { $0.append(.now) }
            throw Broken()
        }
        let id = try world.enqueue("test.broken", maxAttempts: 4)
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the failing job is dead") { try world.job(id).status == .dead }
        let job = try world.job(id)
        #expect(job.attempts == 4)
        #expect(job.lastError == "the mail relay said no")
        #expect(job.finishedAt != nil)
        let times = starts.withLock { $0 }
        #expect(times.count == 4)
        // Delays of 225-300 ms, 450-600 ms, 900-1200 ms: each longer than the one before.
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.count == 3)
        #expect(zip(gaps.dropFirst(), gaps).allSatisfy { $0 > $1 }, "delays \(gaps)")
        #expect(gaps.first.map { $0 >= .milliseconds(200) } == true, "delays \(gaps)")
    }

    @Test func anUnknownKindIsDeadAtOnceSayingWhichKindsTheWorkerKnows() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        var handlers = JobHandlers()
        handlers.register("test.record", payload: Payload.self) { payload, job in try record(job, payload.table) }
        let id = try world.enqueue("test.missing")
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the job of an unknown kind is dead") { try world.job(id).status == .dead }
        let job = try world.job(id)
        #expect(job.attempts == 1)
        #expect(job.lastError == "no handler is registered for the job kind 'test.missing' (this worker knows: test.record)")
    }

    @Test func aPayloadThatDoesNotDecodeIsDeadAtOnce() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        struct Strict: Decodable, Sendable { let campaignID: Int64 }
        let ran = Atomic<Int>(0)
        var handlers = JobHandlers()
        handlers.register("test.strict", payload: Strict.self) { _, _ in ran.add(1, ordering: .relaxed) }
        let id = try world.database.pool.transaction { transaction in
            try transaction.enqueue(NewJob(kind: "test.strict", json: JSONDocument(text: #"{"campaign": "seven"}"#))).id
        }
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the undecodable job is dead") { try world.job(id).status == .dead }
        let job = try world.job(id)
        #expect(job.attempts == 1)
        #expect(job.lastError?.contains("does not decode as Strict") == true)
        #expect(job.lastError?.contains("campaignID") == true)
        #expect(ran.load(ordering: .relaxed) == 0)
    }

    @Test func aPermanentFailureIsNotRetried() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        var handlers = JobHandlers()
        handlers.register("test.refuse", payload: Payload.self) { _, _ in throw PermanentJobFailure("the file is not a CSV") }
        let id = try world.enqueue("test.refuse")
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the refused job is dead") { try world.job(id).status == .dead }
        #expect(try world.job(id).attempts == 1)
        #expect(try world.job(id).lastError == "the file is not a CSV")
    }

    @Test func handlersRunInTheScopeOfTheJobsOrganization() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        let organization = try world.database.pool.query("INSERT INTO organizations (name) VALUES ('Acme') RETURNING id").single(Int64.self)
        let seen = Mutex<[String]>([])
        var handlers = JobHandlers()
        handlers.register("test.scope", payload: Payload.self) { _, job in
            let setting = try job.transaction { transaction in
                try transaction.query("SELECT current_setting('test.organization', true)").single(String?.self)
            }
            seen.withLock { $0.append(setting ?? "unset") }
        }
        let worker = world.worker(handlers) { transaction, organizationID in
            try transaction.setLocal("test.organization", organizationID.map(String.init) ?? "system")
        }
        let tenantJob = try world.enqueue("test.scope", organizationID: organization)
        let systemJob = try world.enqueue("test.scope")
        worker.start()
        defer { worker.stop() }
        waitUntil("both jobs ran") { try world.job(tenantJob).status == .succeeded && world.job(systemJob).status == .succeeded }
        #expect(Set(seen.withLock { $0 }) == [String(organization), "system"])
    }
}
