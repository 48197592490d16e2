import Foundation
import Jobs
import Postgres
import Testing

/// Workers as separate processes (Tests/JobsTestWorker), the way `lodestar worker` runs.
@Suite struct WorkerProcessTests {
    @Test func aJobWhoseWorkerIsKilledRunsAgainAfterTheLeaseAndFinishesOnce() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        let first = try WorkerProcess(database: world.database.name, lease: .seconds(2))
        let id = try world.database.pool.transaction { transaction in
            try transaction.enqueue(try NewJob(kind: "test.slow", payload: SlowPayload(table: world.table, seconds: 1.5))).id
        }
        waitUntil("the first worker started the job") { try world.runs(id, "started") == 1 }
        first.stop(signal: SIGKILL)
        #expect(try world.job(id).status == .running)
        let second = try WorkerProcess(database: world.database.name, lease: .seconds(2))
        defer { second.stop() }
        waitUntil("the job succeeded on the second worker") { try world.job(id).status == .succeeded }
        let job = try world.job(id)
        #expect(job.attempts == 2)
        #expect(try world.runs(id, "started") == 2)
        #expect(try world.runs(id) == 1)
        let pids = try world.database.pool.query(
            "SELECT DISTINCT pid FROM \(identifier: world.table) WHERE job_id = \(id)").decodeColumn(Int.self)
        #expect(Set(pids) == [Int(first.pid), Int(second.pid)])
    }

    @Test func twoWorkerProcessesRunAThousandJobsExactlyOnceEach() throws {
        let world = try WorkerWorld()
        defer { world.database.drop() }
        let jobs = try (0..<1000).map { number in try NewJob(kind: "test.record", payload: Payload(table: world.table, number: number)) }
        let workers = try [WorkerProcess(database: world.database.name), WorkerProcess(database: world.database.name)]
        // Both idle and listening, so that one notification wakes both at once to claim.
        waitUntil("both workers listen") {
            try world.database.count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = \(world.database.name) AND query LIKE 'LISTEN%'") == 2
        }
        _ = try world.database.pool.transaction { try $0.enqueue(contentsOf: jobs.prefix(500)) }
        // The rest arrive one transaction at a time while both workers claim.
        for job in jobs.dropFirst(500) {
            _ = try world.database.pool.transaction { try $0.enqueue(job) }
        }
        waitUntil("every job succeeded") { try world.database.count("SELECT count(*) FROM jobs WHERE status = 'succeeded'") == 1000 }
        for worker in workers { #expect(worker.stop() == 0) }
        #expect(try world.database.count("SELECT count(*) FROM \(identifier: world.table)") == 1000)
        #expect(try world.database.count("SELECT count(DISTINCT job_id) FROM \(identifier: world.table)") == 1000)
        #expect(try world.database.count("SELECT count(*) FROM jobs WHERE attempts <> 1") == 0)
    }
}

struct SlowPayload: Codable, Sendable {
    var table: String
    var seconds: Double
}
