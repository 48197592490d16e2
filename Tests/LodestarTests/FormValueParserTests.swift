import Testing
@testable import Lodestar

/// How the landing page reads dates, numbers, email addresses and phone numbers.
@Suite struct FormValueParserTests {
    @Test func isoDatesMustExist() {
        #expect(FormValueParser.isoDate("2024-02-29") == 20240229)
        #expect(FormValueParser.isoDate("2000-02-29") == 20000229)
        #expect(FormValueParser.isoDate("2023-02-29") == nil)
        #expect(FormValueParser.isoDate("1900-02-29") == nil)
        #expect(FormValueParser.isoDate("2024-04-31") == nil)
        #expect(FormValueParser.isoDate("2024-13-01") == nil)
        #expect(FormValueParser.isoDate("2024-1-01") == nil)
        #expect(FormValueParser.isoDate("２０２４-01-01") == nil)
    }

    @Test func numbersAreFiniteDecimals() {
        #expect(FormValueParser.number("-12.5") == -12.5)
        #expect(FormValueParser.number("1e3") == 1000)
        for text in ["", "nan", "inf", "0x10", "1,5", " 1", "1e999"] {
            #expect(FormValueParser.number(text) == nil, "\(text)")
        }
    }

    @Test func emailAddressesNeedALocalPartAndADottedDomain() {
        for good in ["ada@example.com", "a.b+tag@sub.example.co.uk", "ünï@exämple.de"] {
            #expect(FormValueParser.isEmail(good), "\(good)")
        }
        for bad in ["ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@exa mple.com",
                    "ada@-example.com", "ada@example..com", ".ada@example.com", "a@b@example.com"] {
            #expect(!FormValueParser.isEmail(bad), "\(bad)")
        }
    }

    @Test func phoneNumbersUseDigitsAndPunctuation() {
        #expect(FormValueParser.isPhone("+44 (0)20 7946-0000"))
        #expect(FormValueParser.isPhone("030/1234567"))
        #expect(!FormValueParser.isPhone("1234"))
        #expect(!FormValueParser.isPhone("12+34567"))
        #expect(!FormValueParser.isPhone("call 123456"))
    }
}
