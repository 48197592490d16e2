import Foundation

/// What is wrong with a form definition, placed where a person fixes it: the form's
/// settings, one attribute of one field (by position), or the form as a whole; plus
/// warnings that do not stop a save or a publish.
struct FormDefinitionProblems: Sendable, Equatable {
    /// Form settings: `title`, `introduction`, `submitLabel`, `thankYou`, `redirectURL`.
    var settings: [String: String] = [:]
    /// Per field position: `label`, `key`, `type`, `help`, `placeholder`, `options`,
    /// `minimum`, `maximum`, `pattern`.
    var fields: [Int: [String: String]] = [:]
    /// About the whole form (too many fields, nothing to publish).
    var form: [String] = []
    var warnings: [String] = []
    /// The problems above that are about size (too many fields or choices, a text too
    /// long), each saying where: the live preview renders nothing past these limits.
    var exceededLimits: [String] = []

    var isEmpty: Bool { settings.isEmpty && fields.isEmpty && form.isEmpty }

    /// Keeps the first message for a setting: the first problem found is the one to fix
    /// first. `isLimit`: the problem is about size (see `exceededLimits`).
    mutating func setting(_ key: String, _ message: String, isLimit: Bool = false) {
        if settings[key] == nil { settings[key] = message }
        if isLimit { exceededLimits.append(message) }
    }

    mutating func field(_ position: Int, _ attribute: String, _ message: String, isLimit: Bool = false) {
        if fields[position, default: [:]][attribute] == nil { fields[position, default: [:]][attribute] = message }
        if isLimit { exceededLimits.append("Field \(position + 1): \(message)") }
    }
}

/// The rules every saved draft and every published version obey. `validate(_:forPublish:)`
/// returns all problems at once so a person sees every one on the same page.
enum FormDefinitionValidator {
    static let maximumFields = 50
    static let maximumOptions = 50
    static let maximumLabelLength = 200
    static let maximumKeyLength = 40
    /// The longest length bound a text answer may be given.
    static let maximumLengthBound = 10_000
    /// The longest length bound of a one-line answer (text, email, tel): the landing page
    /// accepts at most 2,000 characters there (10,000 in a textarea), so a larger minimum
    /// would make a field nobody can answer.
    static let maximumLineLengthBound = 2000

    /// The choices a new choice field starts with (see `FormBuilderState.apply`).
    static let starterOptions: Set<String> = ["Option 1", "Option 2"]

    static func validate(_ definition: FormDefinition, forPublish: Bool = false) -> FormDefinitionProblems {
        var problems = FormDefinitionProblems()
        checkSettings(definition, into: &problems)
        if definition.fields.count > maximumFields {
            problems.form.append("A form can have at most \(maximumFields) fields; remove \(definition.fields.count - maximumFields).")
            problems.exceededLimits.append(problems.form[problems.form.count - 1])
        }
        if forPublish && definition.fields.isEmpty {
            problems.form.append("Add at least one field before publishing.")
        }
        var seenKeys: Set<String> = []
        for (position, field) in definition.fields.enumerated() {
            check(field, at: position, into: &problems)
            if isValidKey(field.key), !seenKeys.insert(field.key).inserted {
                problems.field(position, "key", "Another field already uses the key “\(field.key)”; keys must be unique.")
            }
        }
        for field in definition.fields where field.type.hasOptions && field.options.contains(where: starterOptions.contains) {
            problems.warnings.append(
                "“\(field.label)” still offers the starter choices “Option 1” and “Option 2”; replace them with real choices before people see the form.")
        }
        if !definition.fields.isEmpty, !definition.fields.contains(where: { $0.type == .email }) {
            problems.warnings.append("This form has no email field, so its leads will arrive without an address to reply to.")
        }
        return problems
    }

    static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, bytes.count <= maximumKeyLength, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    static let controlCharacterMessage = "Remove the invisible control character from this box."

    /// Whether `text` holds a control character other than tab and line breaks: PostgreSQL
    /// cannot store NUL in JSON (a 500 instead of a refusal), and none belongs on a page.
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: CampaignInput.isForbiddenControl)
    }

    private static func checkSettings(_ definition: FormDefinition, into problems: inout FormDefinitionProblems) {
        let completion: (key: String, text: String)
        switch definition.completion {
        case .message(let message): completion = ("thankYou", message)
        case .redirect(let address): completion = ("redirectURL", address)
        }
        for (key, text) in [
            ("title", definition.title), ("introduction", definition.introduction), ("submitLabel", definition.submitLabel), completion,
        ] where hasControlCharacter(text) {
            problems.setting(key, controlCharacterMessage)
        }
        let title = definition.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            problems.setting("title", "Give the form a title; it is the landing page's heading.")
        } else if title.count > maximumLabelLength {
            problems.setting("title", "Keep the title to \(maximumLabelLength) characters or fewer.", isLimit: true)
        }
        if definition.introduction.count > 5000 {
            problems.setting("introduction", "Keep the introduction to 5000 characters or fewer.", isLimit: true)
        }
        let submit = definition.submitLabel.trimmingCharacters(in: .whitespacesAndNewlines)
        if submit.isEmpty {
            problems.setting("submitLabel", "Name the submit button (for example “Send”).")
        } else if submit.count > 60 {
            problems.setting("submitLabel", "Keep the button label to 60 characters or fewer.", isLimit: true)
        }
        switch definition.completion {
        case .message(let message):
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                problems.setting("thankYou", "Write the thank-you message people see after sending, or choose a redirect.")
            } else if text.count > 2000 {
                problems.setting("thankYou", "Keep the thank-you message to 2000 characters or fewer.", isLimit: true)
            }
        case .redirect(let address):
            if let problem = redirectProblem(address) { problems.setting("redirectURL", problem, isLimit: address.count > 2000) }
        }
    }

    /// Why `address` cannot be a redirect target, or nil when it is an absolute http(s)
    /// URL with a host, no user name or password, and only printable ASCII without backslashes.
    static func redirectProblem(_ address: String) -> String? {
        let help = "Enter a full address starting with https:// (or http://), such as https://example.com/thanks."
        guard !address.isEmpty else { return help }
        guard address.count <= 2000 else { return "Keep the address to 2000 characters or fewer." }
        // Browsers read `\` as `/` (`https:/\evil.test` goes to evil.test), so the address
        // would not be the one the marketer reads.
        guard !address.contains("\\") else { return "Use forward slashes only; a backslash (\\) is not allowed in the address." }
        // The address becomes a Location header, which is ASCII.
        guard address.unicodeScalars.allSatisfy({ $0.isASCII || $0.properties.isWhitespace }) else {
            return "Write letters outside English percent-encoded (é as %C3%A9), as the browser's address bar copies them."
        }
        guard !address.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
              let components = URLComponents(string: address), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return help }
        if components.user != nil || components.password != nil || components.percentEncodedHost?.contains("@") == true {
            return "The address must not contain a user name or password."
        }
        return nil
    }

    private static func check(_ field: FormField, at position: Int, into problems: inout FormDefinitionProblems) {
        // First, so that this is the message an attribute shows.
        for (attribute, text) in [
            ("label", field.label), ("key", field.key), ("help", field.help), ("placeholder", field.placeholder),
            ("options", field.options.joined(separator: "\n")), ("minimum", field.minimum ?? ""),
            ("maximum", field.maximum ?? ""), ("pattern", field.pattern ?? ""),
        ] where hasControlCharacter(text) {
            problems.field(position, attribute, controlCharacterMessage)
        }
        let label = field.label.trimmingCharacters(in: .whitespacesAndNewlines)
        if label.isEmpty {
            problems.field(position, "label", "Give the field a label; it is the question people answer.")
        } else if label.count > maximumLabelLength {
            problems.field(position, "label", "Keep the label to \(maximumLabelLength) characters or fewer.", isLimit: true)
        }
        if !isValidKey(field.key) {
            problems.field(
                position, "key",
                "Use 1 to \(maximumKeyLength) lowercase letters, digits or underscores, starting with a letter (like “company_size”).",
                isLimit: field.key.utf8.count > maximumKeyLength)
        }
        if field.help.count > 500 { problems.field(position, "help", "Keep the help text to 500 characters or fewer.", isLimit: true) }
        if field.placeholder.count > maximumLabelLength {
            problems.field(position, "placeholder", "Keep the placeholder to \(maximumLabelLength) characters or fewer.", isLimit: true)
        }
        checkOptions(field, at: position, into: &problems)
        checkBounds(field, at: position, into: &problems)
        checkPattern(field, at: position, into: &problems)
    }

    private static func checkOptions(_ field: FormField, at position: Int, into problems: inout FormDefinitionProblems) {
        guard field.type.hasOptions else {
            if !field.options.isEmpty {
                problems.field(
                    position, "options", "Only drop-downs, radio buttons and checkboxes have options; clear them.",
                    isLimit: field.options.count > maximumOptions)
            }
            return
        }
        let options = field.options.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if options.isEmpty || options.contains(where: \.isEmpty) {
            problems.field(position, "options", "List the choices, one per line (at least one).")
        } else if options.count > maximumOptions {
            problems.field(position, "options", "Offer at most \(maximumOptions) choices (there are \(options.count)).", isLimit: true)
        } else if let long = options.first(where: { $0.count > maximumLabelLength }) {
            problems.field(position, "options", "Keep each choice to \(maximumLabelLength) characters or fewer (“\(long.prefix(30))…” is longer).", isLimit: true)
        } else if let duplicate = firstDuplicate(options) {
            problems.field(position, "options", "“\(duplicate)” is listed twice; each choice must be different.")
        }
    }

    private static func firstDuplicate(_ values: [String]) -> String? {
        var seen: Set<String> = []
        return values.first { !seen.insert($0).inserted }
    }

    private static func checkBounds(_ field: FormField, at position: Int, into problems: inout FormDefinitionProblems) {
        let bound = FieldBound.kind(of: field.type)
        var parsed: [String: Double] = [:]
        for (attribute, text) in [("minimum", field.minimum), ("maximum", field.maximum)] {
            guard let text, !text.isEmpty else { continue }
            guard let bound else {
                problems.field(position, attribute, "A \(field.type.label.lowercased()) field has no \(attribute); clear it.")
                continue
            }
            guard let value = bound.parse(text) else {
                problems.field(position, attribute, bound.expectation)
                continue
            }
            if bound == .length, field.type != .textarea, value > Double(maximumLineLengthBound) {
                problems.field(
                    position, attribute,
                    "A one-line answer holds at most \(maximumLineLengthBound) characters; enter a length from 0 to \(maximumLineLengthBound) "
                        + "(or use a paragraph field).")
                continue
            }
            parsed[attribute] = value
        }
        if let low = parsed["minimum"], let high = parsed["maximum"], low > high {
            problems.field(position, "maximum", "The maximum must not be smaller than the minimum.")
        }
    }

    private static func checkPattern(_ field: FormField, at position: Int, into problems: inout FormDefinitionProblems) {
        guard let pattern = field.pattern, !pattern.isEmpty else { return }
        guard field.type == .text || field.type == .tel else {
            problems.field(position, "pattern", "Only text and phone fields can have a pattern; clear it.")
            return
        }
        if pattern.count > 500 {
            problems.field(position, "pattern", "Keep the pattern to 500 characters or fewer.", isLimit: true)
        } else if let problem = FieldPattern.problem(pattern) {
            problems.field(position, "pattern", problem)
        }
    }
}

/// How a field type reads its minimum and maximum.
enum FieldBound {
    case number, date, length

    static func kind(of type: FieldType) -> FieldBound? {
        switch type {
        case .number: .number
        case .date: .date
        case .text, .email, .tel, .textarea: .length
        case .select, .radio, .checkbox, .consent: nil
        }
    }

    /// The bound as a comparable number (a date as YYYYMMDD), or nil when it does not parse.
    func parse(_ text: String) -> Double? {
        switch self {
        case .number:
            guard text.count <= 40, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
                  let value = Double(text), value.isFinite else { return nil }
            return value
        case .length:
            guard text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
                  value <= FormDefinitionValidator.maximumLengthBound else { return nil }
            return Double(value)
        case .date:
            // Read exactly as the landing page reads it, so a bound the builder accepts is applied there.
            return FormValueParser.isoDate(text).map(Double.init)
        }
    }

    var expectation: String {
        switch self {
        case .number: "Enter a number, such as 10 or 2.5."
        case .date: "Enter a date as YYYY-MM-DD, such as 2026-01-31."
        case .length: "Enter a length in characters, from 0 to \(FormDefinitionValidator.maximumLengthBound)."
        }
    }
}
