import Dispatch
import Foundation
import Jobs
import Lodestar
import Postgres
import Synchronization

/// `lodestar jobs bench`: the queue's benchmark, driven by bench/jobs.sh, against an empty,
/// migrated DATABASE_URL. Prints key=value lines:
///   - a bulk enqueue of --jobs no-op jobs (one transaction) and its rate;
///   - how fast --workers workers (each with WORKER_CONCURRENCY handler threads, its own
///     pool and listener, like a worker process) run them all, counted when the last
///     outcome is written;
///   - enqueue-to-start latency with idle workers: --latency-samples jobs enqueued one at a
///     time, each waited for, p50 and p99.
enum JobsBenchmark {
    static func run(_ arguments: inout ParsedArguments, environment: [String: String]) throws -> Int32 {
        let count = try number(arguments.option("jobs"), default: 200_000, name: "jobs")
        let samples = try number(arguments.option("latency-samples"), default: 1000, name: "latency-samples")
        let workerCount = try number(arguments.option("workers"), default: 1, name: "workers")
        try arguments.finish(maxPositionals: 1)
        let configuration = try AppConfiguration(environment: environment)
        let pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 2))
        defer { pool.close() }
        guard try pool.query("SELECT count(*) FROM jobs").single(Int.self) == 0 else {
            throw CommandError("the jobs table is not empty; the benchmark needs a database of its own", status: 1)
        }

        // Bulk enqueue.
        let jobs = (0..<count).map { _ in NewJob(kind: "bench.noop") }
        var started = ContinuousClock.now
        let added = try pool.transaction { try $0.enqueue(contentsOf: jobs) }
        let enqueueSeconds = (ContinuousClock.now - started).seconds
        print("enqueued=\(added)")
        print("enqueue_seconds=\(format(enqueueSeconds))")
        print("enqueue_per_second=\(Int(Double(added) / enqueueSeconds))")

        // Throughput.
        let ran = Atomic<Int>(0)
        let startedJobs = Mutex<[Int: ContinuousClock.Instant]>([:])
        let startedSignal = DispatchSemaphore(value: 0)
        var handlers = JobHandlers()
        handlers.register("bench.noop") { _ in ran.add(1, ordering: .relaxed) }
        handlers.register("bench.latency", payload: Sample.self) { sample, _ in
            startedJobs.withLock { $0[sample.number] = .now }
            startedSignal.signal()
        }
        let settings = configuration.worker
        let workers = (0..<workerCount).map { _ in
            var poolConfiguration = configuration.database.pool
            poolConfiguration.size = settings.concurrency + 4
            return JobWorker(
                pool: ConnectionPool(configuration: configuration.database.connection, poolConfiguration: poolConfiguration),
                handlers: handlers, configuration: settings.configuration, log: { printError($0) })
        }
        started = .now
        workers.forEach { $0.start() }
        defer { workers.forEach { $0.stop() } }
        while ran.load(ordering: .relaxed) < count { Thread.sleep(forTimeInterval: 0.005) }
        while try pool.query("SELECT count(*) FROM jobs WHERE status = 'running'").single(Int.self) > 0 {
            Thread.sleep(forTimeInterval: 0.005)
        }
        let runSeconds = (ContinuousClock.now - started).seconds
        let succeeded = try pool.query("SELECT count(*) FROM jobs WHERE status = 'succeeded'").single(Int.self)
        print("workers=\(workerCount)")
        print("handler_threads=\(settings.concurrency)")
        print("succeeded=\(succeeded)")
        print("run_seconds=\(format(runSeconds))")
        print("jobs_per_second=\(Int(Double(succeeded) / runSeconds))")

        // Latency with idle workers.
        Thread.sleep(forTimeInterval: 0.5)
        var latencies: [Double] = []
        for number in 0..<samples {
            let enqueued = ContinuousClock.now
            _ = try pool.transaction { try $0.enqueue(try NewJob(kind: "bench.latency", payload: Sample(number: number))) }
            guard startedSignal.wait(timeout: .now() + 10) == .success,
                  let start = startedJobs.withLock({ $0[number] }) else {
                throw CommandError("sample \(number) did not start within 10 s", status: 1)
            }
            latencies.append((start - enqueued).seconds * 1000)
            Thread.sleep(forTimeInterval: Double.random(in: 0.002...0.01))
        }
        latencies.sort()
        print("latency_samples=\(samples)")
        print("latency_p50_ms=\(format(percentile(latencies, 0.50)))")
        print("latency_p99_ms=\(format(percentile(latencies, 0.99)))")
        return 0
    }

    struct Sample: Codable, Sendable {
        let number: Int
    }

    private static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    private static func format(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func number(_ text: String?, default value: Int, name: String) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), number > 0 else { throw CommandError("--\(name) must be a positive number, not '\(text)'") }
        return number
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
