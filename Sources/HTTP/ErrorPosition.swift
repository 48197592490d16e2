/// How this target's parse errors read: `line 3, column 7: what was wrong`, so request,
/// percent-encoding and form errors all point at their input the same way.
func describeError(line: Int, column: Int, _ message: String) -> String {
    "line \(line), column \(column): \(message)"
}
