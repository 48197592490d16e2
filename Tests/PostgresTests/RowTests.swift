import Foundation
import Postgres
import Testing

@Suite struct RowTests {
    struct Contact: RowDecodable, Equatable {
        let id: Int
        let email: String
        let name: String?
        init(id: Int, email: String, name: String?) {
            self.id = id
            self.email = email
            self.name = name
        }
        init(row: Row) throws {
            id = try row.decode(column: "id")
            email = try row.decode(column: "email")
            name = try row.decode(column: "name")
        }
    }

    @Test func readsColumnsByNameIndexAndAsTuple() throws {
        let connection = try TestDatabase.connection()
        let result = try connection.query("SELECT 1 AS id, 'a@x.org' AS email, NULL::text AS name")
        let row = try #require(result.first)
        #expect(result.columns == ["id", "email", "name"])
        #expect(try row.decode(Int.self, at: 0) == 1)
        #expect(try row.decode(String.self, column: "email") == "a@x.org")
        #expect(try row.decode(String?.self, column: "name") == nil)
        #expect(row.isNull(at: 2))
        let (id, email, name) = try row.decode(Int.self, String.self, String?.self)
        #expect(id == 1 && email == "a@x.org" && name == nil)
    }

    @Test func decodesRowsIntoStructs() throws {
        let connection = try TestDatabase.connection()
        let contacts = try connection.query(
            "SELECT * FROM (VALUES (1, 'a@x.org', 'Ann'), (2, 'b@x.org', NULL)) AS c(id, email, name) ORDER BY id",
            as: Contact.self)
        #expect(contacts == [Contact(id: 1, email: "a@x.org", name: "Ann"), Contact(id: 2, email: "b@x.org", name: nil)])
    }

    @Test func mismatchErrorsNameTheColumnAndTypes() throws {
        let connection = try TestDatabase.connection()
        let row = try #require(try connection.query("SELECT 'text' AS label, NULL::integer AS missing").first)
        do {
            _ = try row.decode(Int.self, column: "label")
            Issue.record("text decoded as Int")
        } catch let error as PostgresError {
            #expect(error.isDecodingFailure)
            #expect(error.description.contains("\"label\""))
            #expect(error.description.contains("text"))
            #expect(error.description.contains("Int"))
        }
        do {
            _ = try row.decode(Int.self, column: "missing")
            Issue.record("NULL decoded as non-optional Int")
        } catch let error as PostgresError {
            #expect(error.description.contains("\"missing\""))
            #expect(error.description.contains("NULL"))
        }
        do {
            _ = try row.decode(Int.self, column: "nope")
            Issue.record("a missing column decoded")
        } catch let error as PostgresError {
            #expect(error.description.contains("\"nope\""))
            #expect(error.description.contains("label, missing"))
        }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 5) }
    }

    @Test func resultReportsAffectedRows() throws {
        let connection = try TestDatabase.connection()
        let table = TestDatabase.uniqueName("affected")
        try connection.execute("CREATE TEMP TABLE \(identifier: table) (n integer)")
        #expect(try connection.execute("INSERT INTO \(identifier: table) SELECT generate_series(1, 25)") == 25)
        #expect(try connection.execute("UPDATE \(identifier: table) SET n = n + 1 WHERE n > \(20)") == 5)
        #expect(try connection.execute("DELETE FROM \(identifier: table)") == 25)
    }

    @Test func preparedStatementsSurviveSchemaChanges() throws {
        let connection = try TestDatabase.connection()
        let table = TestDatabase.uniqueName("reshaped")
        try connection.execute("CREATE TEMP TABLE \(identifier: table) (a integer)")
        try connection.execute("INSERT INTO \(identifier: table) VALUES (1)")
        let select: Query = "SELECT * FROM \(identifier: table)"
        #expect(try connection.query(select).first?.count == 1)
        try connection.execute("ALTER TABLE \(identifier: table) ADD COLUMN b text")
        #expect(try connection.query(select).first?.count == 2)
    }
}
