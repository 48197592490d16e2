import Foundation
import Jobs
import Postgres
import Testing

@Suite struct DatabaseRestartTests {
    @Test func workersReconnectAndCarryOnWhenPostgreSQLRestartsMidRun() throws {
        // A cluster of its own, so that restarting it does not disturb the other tests.
        let cluster = "jobs-restart-test"
        try clusterScript(["start"], cluster: cluster)
        defer { _ = try? clusterScript(["stop"], cluster: cluster) }
        let database = try JobsDatabase(admin: PostgresConfiguration(url: clusterScript(["url", "postgres"], cluster: cluster)))
        defer { database.drop() }
        let table = try database.runTable()
        var handlers = JobHandlers()
        handlers.register("test.slow", payload: SlowPayload.self, retry: RetryPolicy(baseDelay: .milliseconds(100))) { payload, job in
            try record(job, payload.table, "started")
            let steps = Int(payload.seconds * 20)
            for step in 0..<steps {
                Thread.sleep(forTimeInterval: 0.05)
                try job.progress(done: Int64(step + 1), total: Int64(steps))
            }
            try record(job, payload.table)
        }
        let worker = JobWorker(
            pool: database.pool, handlers: handlers,
            configuration: WorkerConfiguration(concurrency: 4, lease: .seconds(10), pollInterval: .seconds(1)))
        worker.start()
        defer { worker.stop() }
        func enqueue(_ count: Int, seconds: Double) throws {
            let jobs = try (0..<count).map { _ in try NewJob(kind: "test.slow", payload: SlowPayload(table: table, seconds: seconds), maxAttempts: 10) }
            _ = try database.pool.transaction { try $0.enqueue(contentsOf: jobs) }
        }
        try enqueue(12, seconds: 0.5)
        waitUntil("jobs are running") { try database.count("SELECT count(*) FROM \(identifier: table) WHERE event = 'started'") >= 2 }

        try clusterScript(["restart"], cluster: cluster)

        // The same worker, never restarted, finishes what was running and what comes next.
        waitUntil("a connection works again") { try database.count("SELECT 1") == 1 }
        try enqueue(8, seconds: 0.1)
        waitUntil("every job succeeded", timeout: .seconds(60)) {
            try database.count("SELECT count(*) FROM jobs WHERE status = 'succeeded'") == 20
        }
        #expect(try database.count("SELECT count(DISTINCT job_id) FROM \(identifier: table) WHERE event = 'finished'") == 20)
    }
}
