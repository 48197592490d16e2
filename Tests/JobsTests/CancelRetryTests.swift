import Foundation
import Jobs
import Postgres
import Synchronization
import Testing

@Suite struct CancelRetryTests {
    @Test func aCancelledQueuedJobNeverRunsAndARunningOneStopsAtItsNextProgressReport() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        var handlers = JobHandlers()
        handlers.register("test.loop", payload: Payload.self) { payload, job in
            try record(job, payload.table, "started")
            for step in 1...600 {
                Thread.sleep(forTimeInterval: 0.05)
                try job.progress(done: Int64(step), total: 600, message: "step \(step)")
            }
            try record(job, payload.table)
        }
        let queued = try world.database.pool.transaction { transaction in
            try transaction.enqueue(try NewJob(kind: "test.loop", payload: Payload(table: world.table), runAt: Date().addingTimeInterval(3600))).id
        }
        #expect(try world.database.pool.transaction { try JobQueue.cancel(id: queued, in: $0) } == .cancelled)
        #expect(try world.job(queued).status == .cancelled)

        let running = try world.enqueue("test.loop")
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the job reported progress") { try world.job(running).progress.done >= 2 }
        #expect(try world.database.pool.transaction { try JobQueue.cancel(id: running, in: $0) } == .stopRequested)
        #expect(try world.job(running).cancelRequested)
        waitUntil("the running job stopped") { try world.job(running).status == .cancelled }
        #expect(try world.runs(running, "started") == 1)
        #expect(try world.runs(running) == 0)
        #expect(try world.job(running).attempts == 1)
        // Finished jobs cannot be cancelled.
        do {
            _ = try world.database.pool.transaction { try JobQueue.cancel(id: running, in: $0) }
            Issue.record("a cancelled job was cancelled again")
        } catch let error as JobsError {
            #expect(error.isNotAllowed)
        }
        #expect(try world.runs(queued, "started") == 0)
    }

    @Test func retryRunsADeadJobAgainFromItsFirstAttempt() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        let failing = Atomic<Bool>(true)
        var handlers = JobHandlers()
        handlers.register("test.flaky", payload: Payload.self) { payload, job in
            if failing.load(ordering: .relaxed) { throw PermanentJobFailure("the upstream is down") }
            try record(job, payload.table)
        }
        let id = try world.enqueue("test.flaky", maxAttempts: 2)
        let worker = world.worker(handlers)
        worker.start()
        defer { worker.stop() }
        waitUntil("the job is dead") { try world.job(id).status == .dead }
        // Only dead, cancelled or retrying jobs may be retried; unknown ids are not found.
        do {
            try world.database.pool.transaction { try JobQueue.retry(id: id + 1000, in: $0) }
            Issue.record("an unknown job was retried")
        } catch let error as JobsError {
            #expect(error.isNotFound)
        }
        failing.store(false, ordering: .relaxed)
        try world.database.pool.transaction { try JobQueue.retry(id: id, in: $0) }
        waitUntil("the retried job succeeded") { try world.job(id).status == .succeeded }
        #expect(try world.job(id).attempts == 1)
        #expect(try world.runs(id) == 1)
        do {
            try world.database.pool.transaction { try JobQueue.retry(id: id, in: $0) }
            Issue.record("a succeeded job was retried")
        } catch let error as JobsError {
            #expect(error.isNotAllowed)
        }
    }

    @Test func atShutdownRunningJobsGetTheDeadlineThenGoBackToTheQueue() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        let release = DispatchSemaphore(value: 0)
        var handlers = JobHandlers()
        handlers.register("test.quick", payload: Payload.self) { payload, job in try record(job, payload.table) }
        handlers.register("test.stuck", payload: Payload.self) { payload, job in
            try record(job, payload.table, "started")
            _ = release.wait(timeout: .now() + 30)
        }
        let worker = world.worker(handlers, concurrency: 1, shutdown: .milliseconds(300))
        let stuck = try world.enqueue("test.stuck")
        worker.start()
        waitUntil("the stuck job started") { try world.runs(stuck, "started") == 1 }
        let report = worker.stop()
        release.signal()
        #expect(report.handedBack == [stuck])
        let job = try world.job(stuck)
        #expect(job.status == .queued)
        #expect(job.attempts == 0)

        // Another worker finishes what was handed back.
        var finishing = JobHandlers()
        finishing.register("test.stuck", payload: Payload.self) { payload, job in try record(job, payload.table) }
        let next = world.worker(finishing)
        next.start()
        defer { next.stop() }
        waitUntil("the handed-back job succeeded") { try world.job(stuck).status == .succeeded }
        #expect(try world.job(stuck).attempts == 1)
        #expect(try world.runs(stuck) == 1)
    }
}
