import Foundation
import Postgres
import Testing

/// Values go to the server as parameters and come back through binary decoding unchanged.
@Suite struct TypeRoundTripTests {
    /// Sends `value` as a parameter cast to `sqlType`, reads it back as `T`.
    func roundTrip<T: PostgresEncodable & PostgresDecodable>(_ value: T, as sqlType: String, on connection: Connection) throws -> T {
        try connection.query("SELECT \(value)::\(unsafeRaw: sqlType)").single(T.self)
    }

    @Test func integers() throws {
        let connection = try TestDatabase.connection()
        for value in [Int64.min, -1, 0, 1, Int64.max] {
            #expect(try roundTrip(value, as: "bigint", on: connection) == value)
        }
        for value in [Int.min, 0, Int.max] {
            #expect(try roundTrip(value, as: "bigint", on: connection) == value)
        }
        for value in [Int32.min, 0, Int32.max] {
            #expect(try roundTrip(value, as: "integer", on: connection) == value)
        }
        for value in [Int16.min, 0, Int16.max] {
            #expect(try roundTrip(value, as: "smallint", on: connection) == value)
        }
        // Narrower columns widen; wider ones narrow only when the value fits.
        #expect(try connection.query("SELECT 7::smallint").single(Int.self) == 7)
        #expect(throws: PostgresError.self) { try connection.query("SELECT 100000::integer").single(Int16.self) }
        // Aggregates such as sum(bigint) return numeric; whole values decode as integers.
        #expect(try connection.query("SELECT sum(n) FROM unnest(\([Int64.max / 2, 1])) AS n").single(Int.self) == Int.max / 2 + 1)
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1.5::numeric").single(Int.self) }
    }

    @Test func floatingPointIncludingSpecialValues() throws {
        let connection = try TestDatabase.connection()
        for value in [0.0, -0.0, 1.5, -2.25e-300, Double.greatestFiniteMagnitude, .leastNonzeroMagnitude, .pi, .infinity, -.infinity] {
            #expect(try roundTrip(value, as: "double precision", on: connection) == value)
        }
        #expect(try roundTrip(Double.nan, as: "double precision", on: connection).isNaN)
        for value: Float in [0, 3.25, -.infinity, .greatestFiniteMagnitude] {
            #expect(try roundTrip(value, as: "real", on: connection) == value)
        }
        #expect(try roundTrip(Float.nan, as: "real", on: connection).isNaN)
    }

    @Test func numericIsExact() throws {
        let connection = try TestDatabase.connection()
        for text in ["12345678901234567890.123456789", "0", "-0.000001", "0.10", "-99999999999999999999999999.99",
                     "1000000", "0.0001", "12.3400", "NaN", "Infinity", "-Infinity"] {
            let value = try #require(Numeric(text))
            #expect(try roundTrip(value, as: "numeric", on: connection).description == text)
        }
        let money = try connection.query("SELECT 19.99::numeric(12,2) + 0.01").single(Numeric.self)
        #expect(money.description == "20.00")
        #expect(money.cents == 2000)
        #expect(try connection.query("SELECT 42::bigint").single(Numeric.self) == Numeric(42))
    }

    @Test func textIncludingEmptyUnicodeAndLarge() throws {
        let connection = try TestDatabase.connection()
        let large = String(repeating: "Lodestar ✉️ 𝄞 ", count: 1_048_576 / 16)
        for value in ["", " ", "plain", "ünïcödé — 日本語 — עברית", "emoji 👩‍👩‍👧‍👦🏳️‍🌈", "tab\tnew\nline\r\\", large] {
            #expect(try roundTrip(value, as: "text", on: connection) == value)
        }
        let padded = try #require(try connection.query("SELECT 'abc'::varchar(5), 'x'::char(3)").first)
        #expect(try padded.decode(String.self, at: 0) == "abc")
        #expect(try padded.decode(String.self, at: 1) == "x  ")
    }

    @Test func booleans() throws {
        let connection = try TestDatabase.connection()
        #expect(try roundTrip(true, as: "boolean", on: connection) == true)
        #expect(try roundTrip(false, as: "boolean", on: connection) == false)
    }

    @Test func byteaIncludingAllByteValuesAndLargeValues() throws {
        let connection = try TestDatabase.connection()
        let every = (0...255).map { UInt8($0) }
        #expect(try roundTrip(every, as: "bytea", on: connection) == every)
        #expect(try roundTrip([UInt8](), as: "bytea", on: connection) == [])
        var generator = SystemRandomNumberGenerator()
        let large = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try roundTrip(large, as: "bytea", on: connection) == large)
    }

    @Test func uuids() throws {
        let connection = try TestDatabase.connection()
        let value = UUID()
        #expect(try roundTrip(value, as: "uuid", on: connection) == value)
        let fromServer = try connection.query("SELECT gen_random_uuid()").single(UUID.self)
        #expect(try connection.query("SELECT \(fromServer)::uuid::text").single(String.self) == fromServer.uuidString.lowercased())
    }

    @Test func timestampsKeepMicroseconds() throws {
        let connection = try TestDatabase.connection()
        let micros: Int64 = 1_795_000_000_123_456
        let value = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        let back = try roundTrip(value, as: "timestamptz", on: connection)
        #expect(abs(back.timeIntervalSince(value)) < 0.000_000_5)
        #expect(try connection.query("SELECT extract(microseconds FROM \(value)::timestamptz)::bigint % 1000000").single(Int.self) == 123_456)
        let epoch = try connection.query("SELECT '1970-01-01 00:00:00+00'::timestamptz").single(Date.self)
        #expect(epoch == Date(timeIntervalSince1970: 0))
        let old = Date(timeIntervalSince1970: -2_000_000_000.25)
        #expect(try roundTrip(old, as: "timestamptz", on: connection) == old)
        #expect(try roundTrip(Date.distantFuture, as: "timestamptz", on: connection) == .distantFuture)
        #expect(try connection.query("SELECT '-infinity'::timestamptz").single(Date.self) == .distantPast)
    }

    @Test func datesWithoutTime() throws {
        let connection = try TestDatabase.connection()
        for text in ["2026-11-21", "2000-01-01", "1999-12-31", "2024-02-29", "0001-01-01", "9999-12-31", "1969-07-20"] {
            let value = try #require(CalendarDate(text))
            #expect(try roundTrip(value, as: "date", on: connection) == value)
            #expect(try connection.query("SELECT \(value)::date::text").single(String.self) == text)
        }
        #expect(CalendarDate("2023-02-29") == nil)
    }

    @Test func jsonb() throws {
        struct Answer: Codable, Equatable { let field: String; let value: Int }
        let connection = try TestDatabase.connection()
        let document = try JSONDocument(encoding: Answer(field: "budget ✓", value: 5000))
        let back = try roundTrip(document, as: "jsonb", on: connection)
        #expect(try back.decode(Answer.self) == Answer(field: "budget ✓", value: 5000))
        let object = try connection.query("SELECT '{\"a\": [1, null]}'::jsonb").single(JSONDocument.self)
        #expect(object.text == #"{"a": [1, null]}"#)
        #expect(try connection.query("SELECT '[1,2]'::json").single(JSONDocument.self).text == "[1,2]")
        #expect(try connection.query("SELECT \(document)->>'field'").single(String.self) == "budget ✓")
    }

    @Test func arraysIncludingNULLElements() throws {
        let connection = try TestDatabase.connection()
        let integers: [Int] = [Int.min, 0, Int.max]
        #expect(try roundTrip(integers, as: "bigint[]", on: connection) == integers)
        let withNulls: [Int32?] = [1, nil, 3]
        #expect(try roundTrip(withNulls, as: "integer[]", on: connection) == withNulls)
        let strings: [String?] = ["a", "", "quote \" and \\ backslash", nil, "NULL", "{brace}", "comma, yes", "日本"]
        #expect(try roundTrip(strings, as: "text[]", on: connection) == strings)
        #expect(try roundTrip([String](), as: "text[]", on: connection) == [])
        let uuids = [UUID(), UUID()]
        #expect(try roundTrip(uuids, as: "uuid[]", on: connection) == uuids)
        let amounts = [Numeric(cents: 1), Numeric(cents: -250)]
        #expect(try roundTrip(amounts, as: "numeric[]", on: connection).map(\.description) == ["0.01", "-2.50"])
        let flags = [true, false]
        #expect(try roundTrip(flags, as: "boolean[]", on: connection) == flags)
        let doubles = [1.5, -.infinity]
        #expect(try roundTrip(doubles, as: "double precision[]", on: connection) == doubles)
        // An array parameter works with = ANY.
        let found = try connection.query("SELECT count(*) FROM generate_series(1, 10) AS n WHERE n = ANY(\([2, 4, 99]))").single(Int.self)
        #expect(found == 2)
    }

    @Test func nullsDecodeAsNilAndOptionalsEncodeAsNULL() throws {
        let connection = try TestDatabase.connection()
        let none: Int? = nil
        #expect(try connection.query("SELECT \(none)::bigint IS NULL").single(Bool.self))
        #expect(try roundTrip(Optional<String>.none, as: "text", on: connection) == nil)
        #expect(try roundTrip(Optional<UUID>.none, as: "uuid", on: connection) == nil)
        #expect(try roundTrip(Optional<Date>.none, as: "timestamptz", on: connection) == nil)
        #expect(try roundTrip(Optional<[UInt8]>.none, as: "bytea", on: connection) == nil)
        #expect(try roundTrip(Optional<Int>.some(5), as: "bigint", on: connection) == 5)
    }

    @Test func injectionAttemptsAreStoredVerbatim() throws {
        let connection = try TestDatabase.connection()
        let table = TestDatabase.uniqueName("injection")
        try connection.execute("CREATE TEMP TABLE \(identifier: table) (value text)")
        let attempts = ["'; DROP TABLE \(table); --", "\" OR 1=1 --", "\\'; SELECT pg_sleep(10); --", "$1", "$2::text",
                        "O'Brien", "back\\slash", "\u{0001}control", "Robert'); DROP TABLE students;--"]
        for attempt in attempts {
            try connection.execute("INSERT INTO \(identifier: table) (value) VALUES (\(attempt))")
        }
        let stored = try connection.query("SELECT value FROM \(identifier: table) ORDER BY value COLLATE \"C\"").decodeColumn(String.self)
        #expect(stored == attempts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(try connection.query("SELECT count(*) FROM \(identifier: table) WHERE value = \(attempts[0])").single(Int.self) == 1)
    }

    @Test func identifiersWithQuotesAndSpacesWork() throws {
        let connection = try TestDatabase.connection()
        let table = "odd \"table\" name; DROP"
        let column = "Mixed Case \"col\""
        try connection.execute("CREATE TEMP TABLE \(identifier: table) (\(identifier: column) integer)")
        try connection.execute("INSERT INTO \(identifier: table) (\(identifier: column)) VALUES (\(5))")
        let row = try #require(try connection.query("SELECT \(identifier: column) FROM \(identifier: table)").first)
        #expect(try row.decode(Int.self, column: column) == 5)
    }
}
