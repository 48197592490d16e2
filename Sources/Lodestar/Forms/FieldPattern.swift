import Foundation

/// A form field's pattern (`FormField.pattern`) compiled the one way it is used: it must
/// match the whole answer, so it is wrapped as `\A(?:pattern)\z`. The form builder checks
/// a pattern by compiling it here, so a pattern it accepts is a pattern the landing page
/// can use (a bare pattern can compile while its wrapped form does not, e.g. `(?x)a#`,
/// whose comment swallows the closing parenthesis).
///
/// Matching runs on public input with a pattern a marketer wrote, and ICU's backtracking
/// can take exponential time (`(a+)+` against `aaaa…!`). `matchesWhole` therefore gives up
/// after `matchingBudget` of wall time and counts that as no match: the answer is refused
/// instead of a worker thread hanging.
struct FieldPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once created and safe to share between threads.
    private let expression: NSRegularExpression
    /// How long one match may run before it is abandoned (real patterns on answers of at
    /// most 2,000 characters take microseconds; the margin is for a busy machine).
    let matchingBudget: Duration

    static let defaultMatchingBudget: Duration = .milliseconds(100)

    /// Nil when the pattern does not compile once wrapped.
    init?(_ pattern: String, matchingBudget: Duration = FieldPattern.defaultMatchingBudget) {
        guard let expression = try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z") else { return nil }
        self.expression = expression
        self.matchingBudget = matchingBudget
    }

    /// Whether the whole of `value` matches; false when the match ran out of time.
    func matchesWhole(_ value: String) -> Bool {
        let range = NSRange(value.startIndex..<value.endIndex, in: value)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: matchingBudget)
        var matched = false
        // `.reportProgress` makes ICU call back periodically during a long match, which is
        // where an overrun is noticed and the match stopped.
        expression.enumerateMatches(in: value, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                matched = true
                stop.pointee = true
            } else if clock.now >= deadline {
                stop.pointee = true
            }
        }
        return matched
    }
}
