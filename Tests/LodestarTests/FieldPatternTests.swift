import Foundation
import Testing
@testable import Lodestar

/// Field patterns match the whole answer with the linear-time engine; the builder refuses
/// what that engine cannot compile, with its message; a stored pattern only ICU reads
/// keeps working within the deadline.
@Suite struct FieldPatternTests {
    private let later = ContinuousClock.now + .seconds(600)

    @Test func aPatternMatchesTheWholeAnswerOnly() throws {
        let letters = try #require(FieldPattern("[a-z]+"))
        #expect(letters.matchesWhole("spring", deadline: later) == true)
        #expect(letters.matchesWhole("spring2026", deadline: later) == false)
        #expect(letters.matchesWhole("", deadline: later) == false)
        let either = try #require(FieldPattern("ab|cd"))
        #expect(either.matchesWhole("cd", deadline: later) == true)
        #expect(either.matchesWhole("abcd", deadline: later) == false)
        #expect(either.matchesWhole("ab\ncd", deadline: later) == false)
    }

    @Test func theBuilderRefusesWhatTheEngineCannotCompileWithItsMessage() throws {
        #expect(FieldPattern.problem(#"\+?[0-9 ]{6,20}"#) == nil)
        #expect(FieldPattern.problem("([A-Za-z]+ ?)+") == nil)
        let lookahead = try #require(FieldPattern.problem(#"(?=.*\d)[a-z0-9]+"#))
        #expect(lookahead.hasPrefix("At character 1: Lookaround"))
        let unclosed = try #require(FieldPattern.problem("([a-z]"))
        #expect(unclosed.contains("never closed"))
        // What ICU would only read unwrapped is refused by the engine too.
        #expect(FieldPattern.problem("(?x)[a-z]+ # letters") != nil)
        #expect(FieldPattern("(?x)[a-z]+ # letters") == nil)
        #expect(FieldPattern("([a-z]") == nil)
    }

    /// Backtracking engines explore every way to split the answer between the nested
    /// repetitions; the linear engine answers at once (no deadline needed), including the
    /// matching answers ICU gave up on and refused.
    @Test(arguments: [#"(a+)+"#, #"(a|a)*"#, #"(a|aa)+b"#, #"(\w+\s?)*"#, #"([A-Za-z]+ ?)+"#])
    func aCatastrophicPatternIsAnsweredAtOnce(_ pattern: String) throws {
        let compiled = try #require(FieldPattern(pattern))
        guard case .linear = compiled else { Issue.record("\(pattern) is not on the linear engine"); return }
        let answer = String(repeating: "a", count: 2000) + "!"
        #expect(compiled.matchesWhole(answer, deadline: later) == false)
        #expect(compiled.matchesWhole(String(repeating: "a", count: 5), deadline: later) == !pattern.hasSuffix("b"))
    }

    @Test func aMatchingAnswerThatMadeICUBacktrackForeverIsAccepted() throws {
        // The first alternative explodes for a backtracking engine; the second matches.
        let compiled = try #require(FieldPattern("(a|aa)*b|a*"))
        #expect(compiled.matchesWhole(String(repeating: "a", count: 80), deadline: ContinuousClock.now + .seconds(5)) == true)
    }

    @Test func aStoredPatternOnlyICUReadsStillWorksWithinTheDeadline() throws {
        let stored = try #require(FieldPattern(#"(?=.*\d)[a-z0-9]+"#))
        guard case .legacy = stored else { Issue.record("expected the ICU path"); return }
        #expect(stored.matchesWhole("spring2026", deadline: later) == true)
        #expect(stored.matchesWhole("spring", deadline: later) == false)
        // Out of time: no answer, neither match nor mismatch.
        let catastrophic = try #require(FieldPattern(#"(?!x)(a|aa)*b"#))
        #expect(catastrophic.matchesWhole(String(repeating: "a", count: 2000), deadline: .now + .milliseconds(20)) == nil)
        #expect(stored.matchesWhole("spring2026", deadline: .now - .seconds(1)) == nil)
    }
}
