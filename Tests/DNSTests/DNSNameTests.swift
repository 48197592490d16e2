@testable import DNS
import Testing

@Suite struct DNSNameTests {
    @Test func acceptsHostAndServiceNames() throws {
        #expect(try DNSName("example.com").labels == [Array("example".utf8), Array("com".utf8)])
        #expect(try DNSName("example.com.") == DNSName("EXAMPLE.com"))
        #expect(try DNSName("_lodestar-challenge.Example.COM").description == "_lodestar-challenge.Example.COM")
        #expect(try DNSName("xn--bcher-kva.example").labels.count == 2)
        #expect(try DNSName(".") == .root)
        #expect(DNSName.root.description == ".")
        let longest = [String](repeating: String(repeating: "a", count: 63), count: 3).joined(separator: ".") + "." + String(repeating: "b", count: 61)
        #expect(longest.count == 253)
        #expect(try DNSName(longest).wireLength == 255)
        #expect(try DNSName(longest + ".").wireLength == 255)
    }

    @Test func refusesWhatIsNotAnASCIIName() {
        let cases: [(String, DNSError.NameProblem)] = [
            ("", .empty),
            ("bücher.example", .notASCII),
            ("пример.рф", .notASCII),
            ("a..b", .emptyLabel),
            (".a", .emptyLabel),
            ("..", .emptyLabel),
            (String(repeating: "a", count: 64) + ".com", .labelTooLong),
            ([String](repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."), .nameTooLong),
            ("a b.com", .invalidCharacter(" ")),
            ("a\u{0}b.com", .invalidCharacter("\u{0}")),
            ("a\\.b.com", .invalidCharacter("\\")),
            ("user@example.com", .invalidCharacter("@")),
        ]
        for (text, problem) in cases {
            #expect(throws: DNSError(.invalidName(text, problem)), "\(text)") { try DNSName(text) }
        }
        let error = DNSError(.invalidName("bücher.example", .notASCII))
        #expect(error.isInvalidName)
        #expect(error.description.contains("punycode"))
        #expect(DNSError(.invalidName("a\u{0}b", .invalidCharacter("\u{0}"))).description == #"invalid domain name 'a\0b': '\0' is not allowed (letters, digits, '-' and '_' only)"#)
    }

    @Test func writesOddBytesOfDecodedNamesEscaped() {
        let odd = DNSName(validated: [[UInt8(ascii: "a"), UInt8(ascii: "."), UInt8(ascii: "\\"), 0x20, 0xFF], Array("test".utf8)])
        #expect(odd.description == #"a\.\\\032\255.test"#)
    }

    @Test func comparesAndHashesIgnoringASCIICase() throws {
        let names: Set<DNSName> = [try DNSName("Mail.Example.com"), try DNSName("mail.example.COM")]
        #expect(names.count == 1)
        #expect(try DNSName("a.test") != DNSName("a.test.test"))
        #expect(DNSName(validated: [[0xC1]]) != DNSName(validated: [[0xE1]]))
    }
}
