import Postgres
import Testing

@Suite struct TransactionTests {
    struct Planned: Error {}

    func makeTable(_ pool: ConnectionPool) throws -> String {
        let table = TestDatabase.uniqueName("tx")
        try pool.execute("CREATE TABLE \(identifier: table) (id integer PRIMARY KEY, note text)")
        return table
    }

    @Test func commitsWhenTheClosureReturns() throws {
        let pool = try TestDatabase.pool()
        defer { pool.close() }
        let table = try makeTable(pool)
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        let value = try pool.transaction { tx in
            try tx.execute("INSERT INTO \(identifier: table) VALUES (1, 'kept')")
            return 42
        }
        #expect(value == 42)
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 1)
    }

    @Test func rollsBackWhenTheClosureThrows() throws {
        let pool = try TestDatabase.pool()
        defer { pool.close() }
        let table = try makeTable(pool)
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        #expect(throws: Planned.self) {
            try pool.transaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (1, 'gone')")
                throw Planned()
            }
        }
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 0)
    }

    @Test func aSwallowedErrorDoesNotCommit() throws {
        let pool = try TestDatabase.pool()
        defer { pool.close() }
        let table = try makeTable(pool)
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        #expect(throws: PostgresError.self) {
            try pool.transaction { tx in
                try tx.execute("INSERT INTO \(identifier: table) VALUES (1, 'first')")
                _ = try? tx.execute("INSERT INTO \(identifier: table) VALUES (1, 'duplicate')")
            }
        }
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 0)
    }

    @Test func savepointRollsBackOnlyItsOwnWork() throws {
        let pool = try TestDatabase.pool()
        defer { pool.close() }
        let table = try makeTable(pool)
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        try pool.transaction { tx in
            try tx.execute("INSERT INTO \(identifier: table) VALUES (1, 'outer')")
            do {
                try tx.savepoint { inner in
                    try inner.execute("INSERT INTO \(identifier: table) VALUES (2, 'inner')")
                    try inner.execute("INSERT INTO \(identifier: table) VALUES (1, 'duplicate')")
                }
                Issue.record("the duplicate insert succeeded")
            } catch let error as PostgresError {
                #expect(error.isUniqueViolation)
            }
            try tx.savepoint { inner in
                try inner.execute("INSERT INTO \(identifier: table) VALUES (3, 'nested ok')")
                try? inner.savepoint { deeper in
                    try deeper.execute("INSERT INTO \(identifier: table) VALUES (4, 'deeper, rolled back')")
                    throw Planned()
                }
            }
        }
        let ids = try pool.query("SELECT id FROM \(identifier: table) ORDER BY id").decodeColumn(Int.self)
        #expect(ids == [1, 3])
    }

    @Test func setLocalLastsUntilTheTransactionEnds() throws {
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        try pool.transaction { tx in
            try tx.setLocal("app.organization_id", "1234")
            #expect(try tx.query("SELECT current_setting('app.organization_id')").single(String.self) == "1234")
        }
        let after = try pool.query("SELECT current_setting('app.organization_id', true)").single(String?.self)
        #expect(after == nil || after == "")
    }

    @Test func serializableRetryRepeatsAfterAConflict() throws {
        let pool = try TestDatabase.pool(size: 2)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("ledger")
        try pool.execute("CREATE TABLE \(identifier: table) (amount integer NOT NULL)")
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        let other = try TestDatabase.connection()
        defer { other.close() }
        var attempts = 0
        try pool.withSerializableRetry(maxAttempts: 3) { tx in
            attempts += 1
            let total = try tx.query("SELECT coalesce(sum(amount), 0) FROM \(identifier: table)").single(Int.self)
            if attempts == 1 {
                // A concurrent serializable transaction reads the same rows and commits a write
                // first: write skew, so this attempt must fail with 40001.
                try other.transaction(isolation: .serializable) { concurrent in
                    _ = try concurrent.query("SELECT coalesce(sum(amount), 0) FROM \(identifier: table)")
                    try concurrent.execute("INSERT INTO \(identifier: table) VALUES (10)")
                }
            }
            try tx.execute("INSERT INTO \(identifier: table) VALUES (\(total + 1))")
        }
        #expect(attempts == 2)
        let amounts = try pool.query("SELECT amount FROM \(identifier: table) ORDER BY amount").decodeColumn(Int.self)
        #expect(amounts == [10, 11])
    }

    @Test func serializableRetryGivesUpAfterMaxAttempts() throws {
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        var attempts = 0
        do {
            try pool.withSerializableRetry(maxAttempts: 3) { tx in
                attempts += 1
                try tx.query("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'forced conflict'; END $$")
            }
            Issue.record("a forced serialization failure was not thrown")
        } catch let error as PostgresError {
            #expect(error.isSerializationFailure)
        }
        #expect(attempts == 3)
    }
}
