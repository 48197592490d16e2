import Foundation
import Testing
@testable import Lodestar

/// Field patterns match the whole answer, and a pattern that backtracks forever on public
/// input gives up (the answer is refused) instead of holding a worker thread.
@Suite struct FieldPatternTests {
    @Test func aPatternMatchesTheWholeAnswerOnly() throws {
        let letters = try #require(FieldPattern("[a-z]+"))
        #expect(letters.matchesWhole("spring"))
        #expect(!letters.matchesWhole("spring2026"))
        #expect(!letters.matchesWhole(""))
        let either = try #require(FieldPattern("ab|cd"))
        #expect(either.matchesWhole("cd"))
        #expect(!either.matchesWhole("abcd"))
        #expect(!either.matchesWhole("ab\ncd"))
    }

    @Test func aPatternThatOnlyCompilesUnwrappedIsRefused() {
        #expect(FieldPattern("(?x)[a-z]+ # letters") == nil)
        #expect(FieldPattern("([a-z]") == nil)
        #expect(FieldPattern(#"\+?[0-9 ]{6,20}"#) != nil)
    }

    @Test(arguments: [#"(a+)+"#, #"(a|a)*"#, #"(a|aa)+b"#, #"(\w+\s?)*"#])
    func aCatastrophicPatternGivesUpAndRefusesTheAnswer(_ pattern: String) throws {
        let compiled = try #require(FieldPattern(pattern))
        // Exponential for a backtracking matcher: without the budget this never returns.
        let answer = String(repeating: "a", count: 2000) + "!"
        #expect(!compiled.matchesWhole(answer))
        #expect(compiled.matchesWhole(String(repeating: "a", count: 5)) == !pattern.hasSuffix("b"))
    }
}
