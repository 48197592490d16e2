import PatternMatching
import Testing

/// What patterns match: always the whole text, on Unicode scalars.
struct PatternMatchingTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        try Pattern(pattern).matchesWhole(text)
    }

    @Test func literalsMatchTheWholeTextOnly() throws {
        #expect(try matches("abc", "abc"))
        #expect(try !matches("abc", "abcd"))
        #expect(try !matches("abc", "xabc"))
        #expect(try !matches("abc", "ab"))
        #expect(try matches("", ""))
        #expect(try !matches("", "a"))
        #expect(try matches("a b#c", "a b#c"))
        #expect(try matches("a]", "a]"))
    }

    @Test func escapesStandForTheirCharacters() throws {
        #expect(try matches(#"\.\(\)\[\]\{\}\*\+\?\|\^\$\\\/\-\ "#, #".()[]{}*+?|^$\/- "#))
        #expect(try !matches(#"a\.b"#, "axb"))
        #expect(try matches(#"\t\n\r\f"#, "\t\n\r\u{0C}"))
        #expect(try matches(#"\x41\u00E9\x{1F600}"#, "Aé😀"))
    }

    @Test func dotIsAnyScalarButALineBreak() throws {
        #expect(try matches("a.c", "abc"))
        #expect(try matches("a.c", "a c"))
        #expect(try matches(".", "é"))
        #expect(try matches(".", "😀"))
        #expect(try !matches("a.c", "a\nc"))
        #expect(try !matches(".", "\r"))
        #expect(try !matches(".", "\u{2028}"))
        // A letter with a separate combining accent is two scalars.
        #expect(try matches("..", "e\u{301}"))
        #expect(try !matches(".", "e\u{301}"))
    }

    @Test func classesRangesAndNegation() throws {
        #expect(try matches("[abc]+", "cabbage".filter { "abc".contains($0) }))
        #expect(try matches("[a-z0-9_]+", "user_42"))
        #expect(try !matches("[a-z]+", "User"))
        #expect(try matches("[^,;]+", "no separators here"))
        #expect(try !matches("[^,;]+", "a,b"))
        #expect(try matches("[]a]+", "]a]"))
        #expect(try matches("[-a]+", "-a-"))
        #expect(try matches("[a-]+", "-a"))
        #expect(try matches("[a-z-_]+", "a-_z"))
        #expect(try matches(#"[\d.]+"#, "3.14"))
        #expect(try matches(#"[\]\\]+"#, #"]\"#))
        #expect(try matches("[^]]", "x"))
        #expect(try !matches("[^]]", "]"))
        #expect(try matches("[à-ÿ]", "é"))
    }

    @Test func shorthandsFollowUnicodeAsICUDoes() throws {
        #expect(try matches(#"\d+"#, "0123456789"))
        #expect(try matches(#"\d"#, "٣"))  // Arabic-Indic three
        #expect(try !matches(#"\d"#, "x"))
        #expect(try matches(#"\D\W\S"#, "x-y"))
        #expect(try matches(#"\w+"#, "Zoë_9"))
        #expect(try !matches(#"\w"#, "-"))
        #expect(try matches(#"\s"#, "\u{A0}"))
        #expect(try matches(#"[\w-]+"#, "jean-luc"))
        #expect(try matches(#"[^\d]"#, "a"))
        #expect(try !matches(#"[^\d]"#, "5"))
        #expect(try matches(#"[\D]"#, "a"))
    }

    @Test func unicodeCategories() throws {
        #expect(try matches(#"\p{L}+"#, "Ångström"))
        #expect(try matches(#"\p{Lu}\p{Ll}+"#, "Zoë"))
        #expect(try !matches(#"\p{Lu}"#, "z"))
        #expect(try matches(#"\pL\PL"#, "a1"))
        #expect(try matches(#"[\p{L} '-]+"#, "Anne-Marie O'Neil"))
        #expect(try matches(#"\p{Sc}"#, "€"))
    }

    @Test func groupsAlternativesAndRepetitions() throws {
        #expect(try matches("(ab)+", "ababab"))
        #expect(try !matches("(ab)+", "aba"))
        #expect(try matches("(?:cat|dog)s?", "dogs"))
        #expect(try matches("(?<animal>cat|dog)", "cat"))
        #expect(try matches("cat|dog|", ""))
        #expect(try matches("a|b|c", "b"))
        #expect(try matches("colou?r", "color"))
        #expect(try matches("a*", ""))
        #expect(try matches("a*b", "aaab"))
        #expect(try !matches("a+", ""))
        #expect(try matches("()", ""))
        #expect(try matches("(a|)+b", "aab"))
        #expect(try matches("(a*)*", "aaa"))
    }

    @Test func countedRepetitions() throws {
        #expect(try matches(#"\d{4}"#, "2026"))
        #expect(try !matches(#"\d{4}"#, "202"))
        #expect(try !matches(#"\d{4}"#, "20266"))
        #expect(try matches(#"\d{2,}"#, "12345"))
        #expect(try !matches(#"\d{2,}"#, "1"))
        #expect(try matches(#"\d{2,3}"#, "123"))
        #expect(try !matches(#"\d{2,3}"#, "1234"))
        #expect(try matches("a{0}", ""))
        #expect(try matches("(ab){1,2}c", "ababc"))
        #expect(try matches(#"[A-Z]{2}\d{2}[A-Z0-9]{1,30}"#, "GB82WEST12345698765432"))
    }

    @Test func lazyRepetitionsMeanTheSameForWholeMatches() throws {
        for (lazy, greedy) in [("a*?", "a*"), ("a+?", "a+"), ("a??", "a?"), ("a{1,3}?", "a{1,3}"), ("a{2,}?", "a{2,}")] {
            for text in ["", "a", "aa", "aaa", "aaaa", "b"] {
                #expect(try matches(lazy, text) == matches(greedy, text), "\(lazy) vs \(greedy) on \(text)")
            }
        }
    }

    @Test func anchorsAtTheEndsChangeNothing() throws {
        #expect(try matches("^abc$", "abc"))
        #expect(try matches("^abc", "abc"))
        #expect(try !matches("^abc$", "abcd"))
        #expect(try matches("^a|^b$", "b"))
        #expect(try matches("^(a|b)$", "a"))
        #expect(try matches("(^a|b$)", "b"))
        #expect(try matches("^$", ""))
    }

    @Test func caseInsensitiveFromTheStart() throws {
        #expect(try matches("(?i)abc", "ABC"))
        #expect(try matches("(?i)[a-c]+", "AbC"))
        #expect(try matches("(?i)[^a]", "b"))
        #expect(try !matches("(?i)[^a]", "A"))
        #expect(try matches("(?i)é", "É"))
        #expect(try matches("(?i)k", "\u{212A}"))  // Kelvin sign, whose lowercase is k
        #expect(try !matches("abc", "ABC"))
        #expect(try Pattern("(?i)x").isCaseInsensitive)
    }

    /// The patterns that make backtracking engines explode finish like any other (these
    /// run forever, in effect, under ICU without a time limit).
    @Test func catastrophicPatternsForBacktrackingAreLinearHere() throws {
        let words = String(repeating: "Lorem ipsum ", count: 150) + "!"
        #expect(try !matches("([A-Za-z]+ ?)+", words))
        #expect(try matches("([A-Za-z]+ ?)+", String(words.dropLast())))
        #expect(try !matches("(a+)+b", String(repeating: "a", count: 5000)))
        #expect(try !matches("(a|aa)*c", String(repeating: "a", count: 5000)))
        #expect(try !matches(#"(\w+\s?)*$"#, String(repeating: "word ", count: 400) + "-"))
        #expect(try !matches("(.*a){20}", String(repeating: "a", count: 19) + String(repeating: "b", count: 2000)))
    }

    @Test func aPassedDeadlineGivesNoAnswer() throws {
        let pattern = try Pattern("(a|b)*c")
        let text = String(repeating: "ab", count: 1000)
        #expect(pattern.matchesWhole(text, deadline: .now - .seconds(1)) == nil)
        #expect(pattern.matchesWhole(text, deadline: .now + .seconds(60)) == false)
        // A short text is answered before the clock is first read.
        #expect(pattern.matchesWhole("abc", deadline: .now - .seconds(1)) == true)
    }
}
