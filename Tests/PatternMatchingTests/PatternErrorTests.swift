import PatternMatching
import Testing

/// Patterns outside the subset are refused with where and what to write instead.
struct PatternErrorTests {
    private func refusal(_ pattern: String, limits: PatternLimits = PatternLimits()) -> PatternError? {
        do {
            _ = try Pattern(pattern, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"(a)\1"#, 4, "Back-references"),
        (#"(?<n>a)\k<n>"#, 8, "Back-references"),
        ("a(?=b)", 2, "Lookaround"),
        ("a(?!b)", 2, "Lookaround"),
        ("(?<=a)b", 1, "Lookaround"),
        ("(?<!a)b", 1, "Lookaround"),
        ("(?>a+)", 1, "Atomic groups"),
        ("a++", 3, "Possessive"),
        ("a*+", 3, "Possessive"),
        ("ab(?i)c", 3, "(?i) can only stand at the very start"),
        ("(?x)a b", 1, "Options like (?x)"),
        ("(?s).", 1, "Options like (?x)"),
        ("(?#note)a", 1, "Comments"),
        (#"\bword\b"#, 1, "Word boundaries"),
        (#"\Aabc\z"#, 1, "no anchor is needed"),
        (#"\Q.\E"#, 1, "quoting is not supported"),
        ("[[:alpha:]]", 2, "nested classes"),
        ("[a-z&&[^b]]", 5, "&&"),
        (#"\q"#, 1, #"\q is not a supported escape"#),
        (#"\p{Greek}"#, 1, #"\p{Greek} is not a known category"#),
    ])
    func unsupportedSyntaxIsNamed(pattern: String, position: Int, message: String) throws {
        let error = try #require(refusal(pattern))
        #expect(error.position == position, "\(pattern): \(error)")
        #expect(error.message.contains(message), "\(pattern): \(error.message)")
    }

    @Test(arguments: [
        ("(ab", 1, "never closed"),
        ("ab)", 3, "closes no group"),
        ("[ab", 1, "never closed"),
        ("[]", 1, "never closed"),
        ("[z-a]", 2, "z-a goes backwards"),
        ("*a", 1, "nothing before it"),
        ("a|+", 3, "nothing before it"),
        ("^*", 2, "nothing before it"),
        ("a**", 3, "Two repetition marks"),
        ("a{2}{3}", 5, "Two repetition marks"),
        ("a{3,1}", 2, "not a repetition count"),
        ("a{,3}", 2, "not a repetition count"),
        ("a{x}", 2, "not a repetition count"),
        ("a{1", 2, "not a repetition count"),
        ("a{", 2, #"Write \{"#),
        ("a}", 2, #"Write \}"#),
        ("a^b", 2, "^ can only stand at the very start"),
        ("a$b", 2, "$ can only stand at the very end"),
        ("(a$)+", 3, "$ can only stand"),
        (#"ab\"#, 3, "lone backslash"),
        (#"\xZZ"#, 1, "character code"),
        (#"\u12"#, 1, "character code"),
        (#"\x{110000}"#, 1, "character code"),
        ("[a-\\d]", 2, "range cannot end"),
    ])
    func mistakesArePointedAt(pattern: String, position: Int, message: String) throws {
        let error = try #require(refusal(pattern))
        #expect(error.position == position, "\(pattern): \(error)")
        #expect(error.message.contains(message), "\(pattern): \(error.message)")
        #expect(error.description.hasPrefix("at character \(position): "))
    }

    @Test func sizesAreBounded() throws {
        let tooLong = try #require(refusal(String(repeating: "a", count: 1001)))
        #expect(tooLong.message.contains("longer than 1000 characters"))
        let count = try #require(refusal("a{1001}"))
        #expect(count.message.contains("above 1000"))
        #expect(count.position == 3)
        // Nested counts multiply: refused at the outer count, before anything is built.
        let nested = try #require(refusal("x(a{100}){100}"))
        #expect(nested.message.contains("too large once its repetitions are counted out"))
        #expect(nested.position == 10)
        let deep = try #require(refusal(String(repeating: "(", count: 60) + "a" + String(repeating: ")", count: 60)))
        #expect(deep.message.contains("nested more than 50 deep"))
        // Within the limits: a big but fair pattern compiles.
        let big = try Pattern(#"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,200}"#)
        #expect(big.instructionCount <= 1000)
        #expect(big.matchesWhole("ada@example.com"))
        #expect(refusal("a{0,500}") == nil)
        #expect(refusal("ab{0,999}", limits: PatternLimits(maximumInstructions: 100)) != nil)
    }
}
