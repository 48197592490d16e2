import Foundation
import Synchronization
import Postgres
import Testing

@Suite struct ConnectionPoolTests {
    @Test func exhaustedPoolTimesOutWithPoolTimeoutError() throws {
        let pool = try TestDatabase.pool(size: 1, acquireTimeout: .milliseconds(200))
        defer { pool.close() }
        let held = try pool.acquire()
        do {
            _ = try pool.acquire()
            Issue.record("a second connection was handed out from a pool of one")
        } catch let error as PostgresError {
            #expect(error.isPoolTimeout)
            #expect(!error.isConnectionFailure)
        }
        #expect(pool.ping() == false)
        pool.release(held)
        #expect(pool.ping())
        #expect(pool.openConnections == 1)
    }

    @Test func waiterGetsTheConnectionThatComesBack() throws {
        let pool = try TestDatabase.pool(size: 1, acquireTimeout: .seconds(10))
        defer { pool.close() }
        let held = try pool.acquire()
        let heldPID = held.backendProcessID
        let released = DispatchSemaphore(value: 0)
        Thread {
            usleep(100_000)
            pool.release(held)
            released.signal()
        }.start()
        let next = try pool.acquire()
        #expect(next.backendProcessID == heldPID)
        pool.release(next)
        released.wait()
    }

    @Test func manyThreadsShareASmallPool() throws {
        let pool = try TestDatabase.pool(size: 3, acquireTimeout: .seconds(30))
        defer { pool.close() }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 12) { thread in
            for index in 0..<25 {
                do {
                    let value = try pool.query("SELECT \(thread * 1000 + index)::bigint").single(Int.self)
                    if value != thread * 1000 + index { failures.record("wrong value \(value)") }
                } catch {
                    failures.record("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty)
        #expect(pool.openConnections <= 3)
    }

    @Test func connectionsKilledByTheServerAreReplaced() throws {
        let pool = try TestDatabase.pool(size: 2)
        defer { pool.close() }
        let pids = try (0..<2).map { _ in try pool.acquire() }.map { connection -> Int32 in
            defer { pool.release(connection) }
            return connection.backendProcessID
        }
        let admin = try TestDatabase.connection()
        defer { admin.close() }
        try admin.query("SELECT pg_terminate_backend(pid::int) FROM unnest(\(pids.map(Int.init))) AS pid")
        usleep(100_000)
        // The read-only query succeeds on a fresh connection without the caller noticing.
        #expect(try pool.query("SELECT 41 + 1").single(Int.self) == 42)
        #expect(pool.ping())
    }

    @Test func writeOnADeadConnectionIsNotRetried() throws {
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("noretry")
        try pool.execute("CREATE TABLE \(identifier: table) (n integer)")
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        // Kill the backend while a write is running on it: the failure must surface.
        let connection = try pool.acquire()
        let pid = connection.backendProcessID
        let admin = try TestDatabase.connection()
        defer { admin.close() }
        Thread {
            usleep(300_000)
            _ = try? admin.query("SELECT pg_terminate_backend(\(pid))")
        }.start()
        do {
            try connection.execute("INSERT INTO \(identifier: table) SELECT 1 FROM pg_sleep(3)")
            Issue.record("the write survived its backend being terminated")
        } catch let error as PostgresError {
            #expect(error.isConnectionFailure)
        }
        pool.release(connection)
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 0)
    }

    @Test func recoversAfterThePostgreSQLServerRestarts() throws {
        // A cluster of its own, so that restarting it does not disturb the other tests.
        let cluster = "restart-test"
        try TestDatabase.clusterScript(["start"], cluster: cluster)
        defer { _ = try? TestDatabase.clusterScript(["stop"], cluster: cluster) }
        let configuration = try PostgresConfiguration(url: TestDatabase.clusterScript(["url", "postgres"], cluster: cluster))
        let pool = ConnectionPool(configuration: configuration, poolConfiguration: PoolConfiguration(size: 4))
        defer { pool.close() }
        #expect(try pool.query("SELECT 1").single(Int.self) == 1)
        let before = try pool.withConnection { $0.backendProcessID }

        try TestDatabase.clusterScript(["restart"], cluster: cluster)

        #expect(try pool.query("SELECT 2").single(Int.self) == 2)
        let after = try pool.withConnection { $0.backendProcessID }
        #expect(after != before)
        #expect(pool.ping())
        let three = try pool.transaction { tx in try tx.query("SELECT 3").single(Int.self) }
        #expect(three == 3)
    }

    @Test func pingFailsWhileTheServerIsUnreachable() throws {
        var configuration = try TestDatabase.configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 1
        configuration.connectTimeoutSeconds = 2
        let pool = ConnectionPool(configuration: configuration, poolConfiguration: PoolConfiguration(size: 1))
        defer { pool.close() }
        #expect(pool.ping() == false)
        do {
            try pool.query("SELECT 1")
            Issue.record("a query succeeded against a closed port")
        } catch let error as PostgresError {
            #expect(error.isConnectionFailure)
        }
        #expect(pool.openConnections == 0)
    }
}

final class Failures: Sendable {
    private let state = Mutex<[String]>([])
    func record(_ failure: String) { state.withLock { $0.append(failure) } }
    var all: [String] { state.withLock { $0 } }
}
