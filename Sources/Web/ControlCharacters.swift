/// Control characters in what a person typed: nobody means to type them, PostgreSQL text
/// cannot hold NUL, and the others hide in logs, terminals and mail headers. The one check
/// for every email, whitelist pattern and filter a person types, in the browser and on
/// the command line.
///
/// ```swift
/// if let problem = ControlCharacters.problem(in: email, field: "email") {
///     throw WebError(.unprocessableContent, problem)
/// }
/// ```
public enum ControlCharacters {
    /// C0 controls (U+0000 to U+001F), DEL and the C1 controls (U+0080 to U+009F). With
    /// `allowingLineBreaks`, tab, line feed and carriage return pass (notes, descriptions).
    public static func isControl(_ scalar: Unicode.Scalar, allowingLineBreaks: Bool = false) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: !allowingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Why `text` cannot be used, naming `field` and the first control character in it
    /// (`U+0000`), or nil when it has none. The text itself is never repeated, so the
    /// message is safe to print anywhere.
    public static func problem(in text: String, field: String, allowingLineBreaks: Bool = false) -> String? {
        guard let scalar = text.unicodeScalars.first(where: { isControl($0, allowingLineBreaks: allowingLineBreaks) }) else {
            return nil
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return "The \(field) contains an invisible control character (\(code)); remove it and try again."
    }
}
