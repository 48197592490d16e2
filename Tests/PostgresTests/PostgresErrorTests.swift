import Postgres
import Testing

@Suite struct PostgresErrorTests {
    /// Runs `body`, returning the PostgresError it throws (recording an issue if it does not).
    func error(_ body: () throws -> Void) -> PostgresError? {
        do {
            try body()
            Issue.record("expected a PostgresError")
            return nil
        } catch let error as PostgresError {
            return error
        } catch {
            Issue.record("expected a PostgresError, got \(error)")
            return nil
        }
    }

    @Test func constraintViolationsMapToTypedChecks() throws {
        let connection = try TestDatabase.connection()
        let lists = TestDatabase.uniqueName("lists")
        let members = TestDatabase.uniqueName("members")
        try connection.execute("CREATE TEMP TABLE \(identifier: lists) (id integer PRIMARY KEY)")
        try connection.execute("""
            CREATE TEMP TABLE \(identifier: members) (
                list_id integer NOT NULL REFERENCES \(identifier: lists)(id),
                email text NOT NULL CONSTRAINT \(identifier: members + "_email_key") UNIQUE,
                score integer CONSTRAINT \(identifier: members + "_score_check") CHECK (score >= 0)
            )
            """)
        try connection.execute("INSERT INTO \(identifier: lists) VALUES (1)")
        try connection.execute("INSERT INTO \(identifier: members) VALUES (1, 'secret@example.com', 1)")

        let unique = error { try connection.execute("INSERT INTO \(identifier: members) VALUES (1, \("secret@example.com"), 1)") }
        #expect(unique?.isUniqueViolation == true)
        #expect(unique?.sqlState == "23505")
        #expect(unique?.constraintName == members + "_email_key")
        #expect(unique?.tableName == members)
        #expect(unique?.detail?.contains("secret@example.com") == true)
        #expect(unique?.description.contains("secret@example.com") == false)
        #expect(unique?.description.contains("23505") == true)

        let foreignKey = error { try connection.execute("INSERT INTO \(identifier: members) VALUES (\(999), 'b@x.org', 1)") }
        #expect(foreignKey?.isForeignKeyViolation == true)
        #expect(foreignKey?.isUniqueViolation == false)

        let check = error { try connection.execute("INSERT INTO \(identifier: members) VALUES (1, 'c@x.org', \(-5))") }
        #expect(check?.isCheckViolation == true)
        #expect(check?.constraintName == members + "_score_check")

        let notNull = error { try connection.execute("INSERT INTO \(identifier: members) VALUES (1, \(nil as String?), 1)") }
        #expect(notNull?.isNotNullViolation == true)
        #expect(notNull?.columnName == "email")
    }

    @Test func statementTimeoutCancelsWith57014() throws {
        let connection = try TestDatabase.connection()
        try connection.setStatementTimeout(milliseconds: 100)
        let timeout = error { try connection.query("SELECT pg_sleep(5)") }
        #expect(timeout?.isQueryCanceled == true)
        #expect(timeout?.sqlState == "57014")
        #expect(timeout?.isConnectionFailure == false)
        // The connection stays usable.
        try connection.setStatementTimeout(milliseconds: nil)
        #expect(try connection.query("SELECT 1").single(Int.self) == 1)
    }

    @Test func poolStatementTimeoutSettingApplies() throws {
        let pool = ConnectionPool(
            configuration: try TestDatabase.configuration(),
            poolConfiguration: PoolConfiguration(size: 1, statementTimeout: .milliseconds(150)))
        defer { pool.close() }
        #expect(try pool.query("SHOW statement_timeout").single(String.self) == "150ms")
        #expect(error { try pool.query("SELECT pg_sleep(3)") }?.isQueryCanceled == true)
    }

    @Test func syntaxErrorsCarrySQLStateAndLeaveParametersOut() throws {
        let connection = try TestDatabase.connection()
        let failure = error { try connection.query("SELEC \("private value")") }
        #expect(failure?.sqlState == "42601")
        #expect(failure?.description.contains("private value") == false)
        #expect(try connection.query("SELECT 2").single(Int.self) == 2)
    }
}
