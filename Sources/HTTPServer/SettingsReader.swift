/// Reads numeric settings from environment variables, refusing anything that is not a
/// plain number in range with an error that names the variable.
struct SettingsReader {
    let environment: [String: String]

    func integer(_ name: String, default value: Int, range: ClosedRange<Int>) throws(HTTPServerError) -> Int {
        guard let text = environment[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .invalidSetting(
                name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Seconds, whole or with a fraction ("0.5"), more than zero and at most a day.
    func duration(_ name: String, default value: Duration) throws(HTTPServerError) -> Duration {
        guard let text = environment[name] else { return value }
        guard text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }),
              let seconds = Double(text), seconds > 0, seconds <= 86_400
        else {
            throw .invalidSetting(name, text, expected: "a number of seconds above 0 and at most 86400")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating; these are short server timeouts).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
