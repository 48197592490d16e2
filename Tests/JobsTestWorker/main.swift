import Dispatch
import Foundation
import Jobs
import Postgres

// A worker process for the jobs tests: runs a JobWorker with the test kinds below against
// DATABASE_URL (its database replaced by JOBS_TEST_DATABASE when set) until SIGTERM, then
// stops like `lodestar worker` (running jobs get JOBS_TEST_SHUTDOWN_MS to finish).
// JOBS_TEST_LEASE_MS and JOBS_TEST_CONCURRENCY set the lease and the handler threads.
//
//   test.record {"table": T}                 inserts (job id, attempt, "finished", pid) into T
//   test.slow {"table": T, "seconds": S}     inserts a "started" row, works S seconds
//                                            (reporting progress), then a "finished" row

struct Recorded: Decodable {
    let table: String
    let seconds: Double?
}

func record(_ job: JobContext, _ table: String, _ event: String) throws {
    try job.pool.execute(
        "INSERT INTO \(identifier: table) (job_id, attempt, event, pid) VALUES (\(job.id), \(job.attempt), \(event), \(Int(getpid())))")
}

let environment = ProcessInfo.processInfo.environment
guard let url = environment["DATABASE_URL"] else {
    FileHandle.standardError.write(Data("jobs-test-worker: DATABASE_URL is not set\n".utf8))
    exit(2)
}
var database = try PostgresConfiguration(url: url)
if let name = environment["JOBS_TEST_DATABASE"] { database = database.with(database: name) }
let pool = ConnectionPool(configuration: database, poolConfiguration: PoolConfiguration(size: 8))
var handlers = JobHandlers()
handlers.register("test.record", payload: Recorded.self) { payload, job in
    try record(job, payload.table, "finished")
}
handlers.register("test.slow", payload: Recorded.self) { payload, job in
    try record(job, payload.table, "started")
    let steps = max(1, Int((payload.seconds ?? 1) * 20))
    for step in 1...steps {
        usleep(50_000)
        try job.progress(done: Int64(step), total: Int64(steps), message: "working")
    }
    try record(job, payload.table, "finished")
}
let configuration = WorkerConfiguration(
    concurrency: Int(environment["JOBS_TEST_CONCURRENCY"] ?? "") ?? 4,
    lease: .milliseconds(Int(environment["JOBS_TEST_LEASE_MS"] ?? "") ?? 30_000),
    pollInterval: .seconds(1),
    shutdownDeadline: .milliseconds(Int(environment["JOBS_TEST_SHUTDOWN_MS"] ?? "") ?? 5000))
let worker = JobWorker(pool: pool, handlers: handlers, configuration: configuration, log: { line in
    FileHandle.standardError.write(Data((line + "\n").utf8))
})
let stop = DispatchSemaphore(value: 0)
signal(SIGTERM, SIG_IGN)
let source = DispatchSource.makeSignalSource(signal: SIGTERM)
// @Sendable: not isolated to the main actor, since it runs on a dispatch queue.
source.setEventHandler { @Sendable in stop.signal() }
source.resume()
worker.start()
FileHandle.standardOutput.write(Data("ready\n".utf8))
stop.wait()
worker.stop()
exit(0)
