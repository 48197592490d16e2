@testable import Postgres
import Testing

@Suite struct QueryTests {
    @Test func interpolatedValuesBecomeParameters() {
        let email = "a@example.com"
        let organization = 42
        let query: Query = "SELECT * FROM contacts WHERE organization_id = \(organization) AND email = \(email)"
        #expect(query.sql == "SELECT * FROM contacts WHERE organization_id = $1 AND email = $2")
        #expect(query.parameterCount == 2)
        #expect(query.parameterText(at: 0) == "42")
        #expect(query.parameterText(at: 1) == "a@example.com")
    }

    @Test func injectionAttemptStaysAParameter() {
        let hostile = "x'; DROP TABLE contacts; --"
        let query: Query = "SELECT 1 WHERE name = \(hostile)"
        #expect(query.sql == "SELECT 1 WHERE name = $1")
        #expect(!query.sql.contains("DROP"))
        #expect(query.parameterText(at: 0) == hostile)
    }

    @Test func nilBecomesNULLParameter() {
        let missing: String? = nil
        let query: Query = "UPDATE t SET name = \(missing)"
        #expect(query.sql == "UPDATE t SET name = $1")
        #expect(query.parameterText(at: 0) == nil)
    }

    @Test func identifiersAreQuotedAndEscaped() {
        let query: Query = "SELECT \(identifier: "weird \"name\"") FROM \(identifier: "public", "my table")"
        #expect(query.sql == #"SELECT "weird ""name""" FROM "public"."my table""#)
        #expect(query.parameterCount == 0)
    }

    @Test func unsafeRawIsInsertedVerbatim() {
        let order = "created_at DESC"
        let query: Query = "SELECT * FROM t ORDER BY \(unsafeRaw: order)"
        #expect(query.sql == "SELECT * FROM t ORDER BY created_at DESC")
    }

    @Test func subqueriesMergeParametersAndRenumber() {
        let inner: Query = "SELECT id FROM leads WHERE score > \(50) AND source = \("form")"
        let outer: Query = "SELECT * FROM contacts WHERE organization_id = \(7) AND id IN (\(inner)) AND name <> \("x")"
        #expect(outer.sql == "SELECT * FROM contacts WHERE organization_id = $1 AND id IN (SELECT id FROM leads WHERE score > $2 AND source = $3) AND name <> $4")
        #expect((0..<4).map { outer.parameterText(at: $0) } == ["7", "50", "form", "x"])
    }

    @Test func queriesJoinAndConcatenate() {
        let conditions: [Query] = ["a = \(1)", "b = \("two")", "c IS NULL"]
        let query = "SELECT * FROM t WHERE " + Query.joined(conditions, separator: " AND ") + " LIMIT \(10)"
        #expect(query.sql == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c IS NULL LIMIT $3")
        #expect(query.parameterText(at: 2) == "10")
    }

    @Test func arraysAreOneParameterWithQuotedElements() {
        let names: [String?] = ["plain", "with \"quote\"", "back\\slash", nil, "comma,brace}"]
        let query: Query = "SELECT \(names)"
        #expect(query.sql == "SELECT $1")
        #expect(query.parameterText(at: 0) == #"{"plain","with \"quote\"","back\\slash",NULL,"comma,brace}"}"#)
    }

    @Test func descriptionLeavesParameterValuesOut() {
        let secret = "hunter2"
        let query: Query = "SELECT * FROM users WHERE password = \(secret)"
        #expect(!query.description.contains("hunter2"))
        #expect(!String(describing: query).contains("hunter2"))
    }
}

@Suite struct QueryRetrySafetyTests {
    @Test func onlyReadingStatementsCountAsReadOnly() {
        #expect(Query(unsafeSQL: "SELECT 1").isReadOnly)
        #expect(Query(unsafeSQL: "  (select id from t)").isReadOnly)
        #expect(Query(unsafeSQL: "VALUES (1)").isReadOnly)
        #expect(Query(unsafeSQL: "SHOW statement_timeout").isReadOnly)
        #expect(!Query(unsafeSQL: "INSERT INTO t VALUES (1)").isReadOnly)
        #expect(!Query(unsafeSQL: "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x").isReadOnly)
        #expect(!Query(unsafeSQL: "UPDATE t SET a = 1").isReadOnly)
        #expect(!Query(unsafeSQL: "selectivity").isReadOnly)
    }
}
