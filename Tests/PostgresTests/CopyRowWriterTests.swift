import Foundation
import Postgres
import Testing

@Suite struct CopyRowWriterTests {
    @Test func tenThousandAwkwardRowsRoundTrip() throws {
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("copy")
        try pool.execute("""
            CREATE TABLE \(identifier: table) (
                id bigint PRIMARY KEY, label text, amount numeric(14,2), seen timestamptz, tags text[], raw bytea, ok boolean
            )
            """)
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        let awkward = ["tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\.", "", "quote'\"",
                       "ünïcode 👍", "\\x41", "end\\"]
        func label(_ id: Int) -> String? { id % 13 == 0 ? nil : awkward[id % awkward.count] + " #\(id)" }
        let base = Date(timeIntervalSince1970: 1_700_000_000.5)
        let copied = try pool.copy(into: table, columns: ["id", "label", "amount", "seen", "tags", "raw", "ok"]) { writer in
            for id in 0..<10_000 {
                try writer.writeRow(
                    id, label(id), id % 7 == 0 ? nil : Numeric(cents: Int64(id) * 101 - 5000),
                    base.addingTimeInterval(Double(id)), [awkward[id % awkward.count], nil] as [String?],
                    [UInt8(id % 256), 0, 9, 10, 92], id % 2 == 0)
            }
        }
        #expect(copied == 10_000)
        let rows = try pool.query("SELECT id, label, amount, seen, tags, raw, ok FROM \(identifier: table) ORDER BY id")
        #expect(rows.count == 10_000)
        for row in rows {
            let (id, text, amount, seen, tags, raw, ok) = try row.decode(
                Int.self, String?.self, Numeric?.self, Date.self, [String?].self, [UInt8].self, Bool.self)
            #expect(text == label(id))
            #expect(amount == (id % 7 == 0 ? nil : Numeric(cents: Int64(id) * 101 - 5000)))
            #expect(seen == base.addingTimeInterval(Double(id)))
            #expect(tags == [awkward[id % awkward.count], nil])
            #expect(raw == [UInt8(id % 256), 0, 9, 10, 92])
            #expect(ok == (id % 2 == 0))
            if text != label(id) { break }
        }
    }

    @Test func aThrowingWriterLoadsNothing() throws {
        struct Stop: Error {}
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("copyabort")
        try pool.execute("CREATE TABLE \(identifier: table) (n integer)")
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        #expect(throws: Stop.self) {
            try pool.copy(into: table, columns: ["n"]) { writer in
                for n in 0..<1000 { try writer.writeRow(n) }
                throw Stop()
            }
        }
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 0)
    }

    @Test func badDataReportsTheServerError() throws {
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        let table = TestDatabase.uniqueName("copybad")
        try pool.execute("CREATE TABLE \(identifier: table) (n integer NOT NULL)")
        defer { _ = try? pool.execute("DROP TABLE \(identifier: table)") }
        do {
            try pool.copy(into: table, columns: ["n"]) { writer in
                try writer.writeRow(1)
                try writer.writeRow("not a number")
            }
            Issue.record("COPY accepted text for an integer column")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22P02")
            #expect(error.message.contains("not a number"))
            #expect(!error.description.contains("not a number"))
        }
        #expect(try pool.query("SELECT count(*) FROM \(identifier: table)").single(Int.self) == 0)
    }
}
