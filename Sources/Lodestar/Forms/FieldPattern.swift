import Foundation
import PatternMatching

/// A form field's pattern (`FormField.pattern`) compiled the one way it is used: the whole
/// answer must match.
///
/// Patterns are matched by the linear-time engine of `PatternMatching`, whose cost is
/// bounded by pattern size x answer length whatever the pattern and the answer, so a
/// marketer's ordinary `([A-Za-z]+ ?)+` cannot be made to spin by a prospect's answer. The
/// form builder accepts only patterns that engine compiles (`problem(_:)` is its message).
///
/// A version published before that rule may hold a pattern only ICU understood
/// (lookaround, back-references, `\b`, inline options …). Such a form keeps working: the
/// pattern is matched by `NSRegularExpression` as before, wrapped as `\A(?:pattern)\z`,
/// within the same deadline as every other pattern of the submission. Either engine
/// running out of that time gives no answer (nil), which the validator turns into a
/// refusal that says the answer could not be checked, never into "wrong format".
enum FieldPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once created and safe to share between threads.
    case linear(Pattern)
    case legacy(NSRegularExpression)

    /// The engine's pattern, or for a stored pattern it refuses the ICU one; nil when
    /// neither compiles (such a pattern is ignored, as it always was).
    init?(_ source: String) {
        if let pattern = try? Pattern(source) {
            self = .linear(pattern)
        } else if let expression = try? NSRegularExpression(pattern: "\\A(?:" + source + ")\\z") {
            self = .legacy(expression)
        } else {
            return nil
        }
    }

    /// Why the form builder refuses `source` (where, and what to write instead), or nil
    /// when the linear engine compiles it.
    static func problem(_ source: String) -> String? {
        do {
            _ = try Pattern(source)
            return nil
        } catch {
            return "At character \(error.position): \(error.message)"
        }
    }

    /// Whether the whole of `value` matches; nil when `deadline` passed first.
    func matchesWhole(_ value: String, deadline: ContinuousClock.Instant) -> Bool? {
        switch self {
        case .linear(let pattern):
            return pattern.matchesWhole(value, deadline: deadline)
        case .legacy(let expression):
            return expression.matches(value, deadline: deadline)
        }
    }
}
