import Postgres
import Testing

@Suite struct NumericTests {
    @Test func parsesAndKeepsExactText() throws {
        #expect(Numeric("12345678901234567890.123456789")?.description == "12345678901234567890.123456789")
        #expect(Numeric("-0.50")?.description == "-0.50")
        #expect(Numeric("007.10")?.description == "7.10")
        #expect(Numeric("-0")?.description == "0")
        #expect(Numeric(".5")?.description == "0.5")
        #expect(Numeric("1e5") == nil)
        #expect(Numeric("12,5") == nil)
        #expect(Numeric("") == nil)
        #expect(Numeric("-") == nil)
        #expect(throws: PostgresError.self) { try Numeric(parsing: "abc") }
    }

    @Test func centsConversionIsExact() {
        #expect(Numeric(cents: 1999).description == "19.99")
        #expect(Numeric(cents: -5).description == "-0.05")
        #expect(Numeric(cents: 0).description == "0.00")
        #expect(Numeric("19.99")?.cents == 1999)
        #expect(Numeric("19.9")?.cents == 1990)
        #expect(Numeric("19.990")?.cents == 1999)
        #expect(Numeric("19.999")?.cents == nil)
        #expect(Numeric("-0.01")?.cents == -1)
        #expect(Numeric("99999999999999999999")?.cents == nil)
        #expect(Numeric(scaled: 123456, scale: 4).description == "12.3456")
        #expect(Numeric(scaled: Int64.min, scale: 0).scaled(by: 0) == Int64.min)
    }

    @Test func equalityIgnoresTrailingZeros() {
        #expect(Numeric("1.50") == Numeric("1.5"))
        #expect(Numeric("1.00") == Numeric("1"))
        #expect(Numeric("1.51") != Numeric("1.5"))
        #expect(Set([Numeric(cents: 150), Numeric("1.5")].compactMap { $0 }).count == 1)
    }
}
