import Foundation
import Lodestar
import Postgres
import Synchronization

/// `lodestar db-bench`: a developer benchmark of the PostgreSQL layer, driven by
/// bench/postgres.sh. Not part of running Lodestar.
struct DatabaseBenchmarkCommand: Command {
    let name = "db-bench"
    let summary = "Developer benchmark of the database layer (used by bench/postgres.sh)"
    let usage = """
        Usage: lodestar db-bench [--clients 16] [--seconds 10] [--copy-rows 1000000] [--no-select] [--no-copy]

        Developer benchmark, not needed to run Lodestar. Against DATABASE_URL it runs:
          - primary-key SELECTs on pgbench_accounts (made by `pgbench -i`) from --clients
            threads sharing one connection pool, for --seconds, and prints the rate;
          - a COPY of --copy-rows rows into the table db_bench_copy (dropped and created
            again), and prints how long it took.
        Output is key=value lines.
        """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        let clients = try arguments.positiveInteger("clients", default: 16)
        let seconds = try arguments.positiveInteger("seconds", default: 10)
        let copyRows = try arguments.positiveInteger("copy-rows", default: 1_000_000)
        let skipSelect = arguments.flag("no-select")
        let skipCopy = arguments.flag("no-copy")
        try arguments.finish()
        let configuration = try AppConfiguration(environment: environment)
        var poolConfiguration = configuration.database.pool
        poolConfiguration.size = clients
        let pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: poolConfiguration)
        defer { pool.close() }
        if !skipSelect {
            try selectBenchmark(pool: pool, clients: clients, seconds: seconds)
        }
        if !skipCopy {
            try copyBenchmark(pool: pool, rows: copyRows)
        }
        return 0
    }

    private func selectBenchmark(pool: ConnectionPool, clients: Int, seconds: Int) throws {
        let accounts = try pool.query("SELECT count(*) FROM pgbench_accounts").single(Int.self)
        guard accounts > 0 else { throw CommandError("pgbench_accounts is empty; run pgbench -i first") }
        let totals = Totals()
        let done = DispatchGroup()
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        for _ in 0..<clients {
            done.enter()
            let thread = Thread {
                var count = 0
                var balance = 0
                var failure: String?
                var generator = SystemRandomNumberGenerator()
                while ContinuousClock.now < deadline {
                    let account = Int.random(in: 1...accounts, using: &generator)
                    do {
                        let result = try pool.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(account)")
                        balance &+= try result.single(Int.self)
                        count += 1
                    } catch {
                        failure = "\(error)"
                        break
                    }
                }
                totals.add(count: count, failure: failure)
                _ = balance
                done.leave()
            }
            thread.start()
        }
        done.wait()
        let elapsed = ContinuousClock.now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if let failure = totals.failure { throw CommandError("a SELECT failed: \(failure)", status: 1) }
        print("select_clients=\(clients)")
        print("select_seconds=\(String(format: "%.2f", elapsedSeconds))")
        print("select_queries=\(totals.count)")
        print("select_per_second=\(String(format: "%.0f", Double(totals.count) / elapsedSeconds))")
    }

    private func copyBenchmark(pool: ConnectionPool, rows: Int) throws {
        try pool.execute("DROP TABLE IF EXISTS db_bench_copy")
        try pool.execute("""
            CREATE TABLE db_bench_copy (
                id bigint NOT NULL, email text NOT NULL, amount numeric(12,2), created_at timestamptz NOT NULL, note text
            )
            """)
        let base = Date()
        let start = ContinuousClock.now
        let copied = try pool.copy(into: "db_bench_copy", columns: ["id", "email", "amount", "created_at", "note"]) { writer in
            for id in 0..<rows {
                writer.append(id)
                writer.append("person\(id)@example.com")
                writer.append(Numeric(cents: Int64(id % 100_000)))
                writer.append(base.addingTimeInterval(Double(id % 86_400)))
                writer.append(id % 10 == 0 ? nil : "note\tline\n\(id)")
                try writer.endRow()
            }
        }
        let elapsed = ContinuousClock.now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("copy_rows=\(copied)")
        print("copy_seconds=\(String(format: "%.2f", elapsedSeconds))")
        print("copy_rows_per_second=\(String(format: "%.0f", Double(copied) / elapsedSeconds))")
        try pool.execute("DROP TABLE db_bench_copy")
    }
}

/// Counts collected from the client threads.
private final class Totals: Sendable {
    private let state = Mutex<(count: Int, failure: String?)>((0, nil))

    func add(count: Int, failure: String?) {
        state.withLock { state in
            state.count += count
            if state.failure == nil { state.failure = failure }
        }
    }

    var count: Int { state.withLock { $0.count } }
    var failure: String? { state.withLock { $0.failure } }
}
