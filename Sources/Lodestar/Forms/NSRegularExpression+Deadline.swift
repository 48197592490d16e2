import Foundation

extension NSRegularExpression {
    /// Whether the expression matches `value` (wrap it as `\A(?:…)\z` for whole answers);
    /// nil once `deadline` passed. ICU backtracks, and some patterns take exponential time
    /// on some texts: `.reportProgress` makes ICU call back periodically during a long
    /// match, which is where an overrun is noticed and the match stopped. How
    /// `FieldPattern` checks a pattern stored before the linear engine, and how
    /// `lodestar patterns-bench` measures the ICU path.
    public func matches(_ value: String, deadline: ContinuousClock.Instant) -> Bool? {
        guard ContinuousClock.now < deadline else { return nil }
        var matched = false
        var outOfTime = false
        enumerateMatches(in: value, options: [.reportProgress], range: NSRange(value.startIndex..., in: value)) { result, _, stop in
            if result != nil {
                matched = true
                stop.pointee = true
            } else if ContinuousClock.now >= deadline {
                outOfTime = true
                stop.pointee = true
            }
        }
        return matched ? true : outOfTime ? nil : false
    }
}
