import Foundation

/// One answer as stored in `leads.answers`: a string, or the chosen options of a checkbox
/// group.
enum FormAnswer: Sendable, Equatable {
    case text(String)
    case choices([String])
}

/// What validating a submission gave: the answers to store (when `errors` is empty), the
/// values to show again on a refusal, and one message per refused field.
struct FormValidation: Sendable {
    /// Answers by field key; unanswered optional fields are left out.
    var answers: [String: FormAnswer] = [:]
    /// What was typed, by field key (trimmed), for re-rendering the form.
    var values: [String: [String]] = [:]
    var errors: [String: String] = [:]

    var isValid: Bool { errors.isEmpty }
}

/// Checks a submitted form against a published form definition, on the server, whatever
/// the browser did. Built once per published version (patterns are compiled here) and
/// shared between threads.
///
/// Rules: required answers; email syntax; phone characters; numbers and ISO dates with
/// their bounds; lengths for text, email, tel and textarea; a pattern must match the whole
/// answer; select, radio and checkbox answers must be offered options; a required consent
/// must be ticked. Fields the form does not have are ignored. A single-answer field sent
/// several times keeps its first value (browsers never do that; nothing is gained by
/// refusing it). Answers are capped at `maximumAnswerLength` characters
/// (`maximumParagraphLength` for a textarea) before any pattern runs.
///
/// Patterns of all fields together get one time budget per submission
/// (`FORM_VALIDATION_BUDGET_MS`): an answer still unchecked when it is spent is refused
/// with a message saying so (see `FieldPattern`).
struct FormValidator: Sendable {
    static let maximumAnswerLength = 2000
    static let maximumParagraphLength = 10_000
    static let defaultBudget: Duration = .milliseconds(100)

    let definition: FormDefinition
    private let patterns: [String: FieldPattern]

    init(definition: FormDefinition) {
        self.definition = definition
        var patterns: [String: FieldPattern] = [:]
        for field in definition.fields {
            if let pattern = field.pattern, !pattern.isEmpty, let compiled = FieldPattern(pattern) {
                patterns[field.key] = compiled
            }
        }
        self.patterns = patterns
    }

    /// Validates the submitted `fields` (name/value pairs in the order sent), spending at
    /// most about `budget` on patterns.
    func validate(_ fields: [(name: String, value: String)], budget: Duration = FormValidator.defaultBudget) -> FormValidation {
        let deadline = ContinuousClock.now + budget
        var result = FormValidation()
        result.values = values(fields)
        for field in definition.fields {
            let values = result.values[field.key] ?? []
            if Self.isGroup(field) {
                checkGroup(field, values, into: &result)
            } else {
                let value = values.first ?? ""
                if let error = check(field, value, deadline: deadline) {
                    result.errors[field.key] = error
                } else if !value.isEmpty {
                    result.answers[field.key] = .text(Self.stored(field, value))
                }
            }
        }
        return result
    }

    /// What was typed, by field key, as the form shows it again: a single answer trimmed
    /// (none when empty), a checkbox group's choices once each. Nothing is checked.
    func values(_ fields: [(name: String, value: String)]) -> [String: [String]] {
        var sent: [String: [String]] = [:]
        for (name, value) in fields where definition.field(forKey: name) != nil {
            sent[name, default: []].append(value)
        }
        var values: [String: [String]] = [:]
        for field in definition.fields {
            let raw = sent[field.key] ?? []
            if Self.isGroup(field) {
                var chosen: [String] = []
                for value in raw where !chosen.contains(value) {
                    chosen.append(value)
                }
                values[field.key] = chosen
            } else {
                let value = (raw.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                values[field.key] = value.isEmpty ? [] : [value]
            }
        }
        return values
    }

    private static func isGroup(_ field: FormField) -> Bool {
        field.type == .checkbox && !field.options.isEmpty
    }

    private func checkGroup(_ field: FormField, _ chosen: [String], into result: inout FormValidation) {
        if chosen.contains(where: { !field.options.contains($0) }) {
            result.errors[field.key] = "Choose from the options offered."
        } else if chosen.isEmpty {
            if field.required { result.errors[field.key] = "Choose at least one option." }
        } else {
            // Stored in the form's order, whatever order the browser sent.
            result.answers[field.key] = .choices(field.options.filter { chosen.contains($0) })
        }
    }

    /// The value kept for an accepted answer: a ticked box is "yes".
    private static func stored(_ field: FormField, _ value: String) -> String {
        field.type == .consent || field.type == .checkbox ? "yes" : value
    }

    /// The refusal for one single-answer field, or nil when the answer is acceptable.
    private func check(_ field: FormField, _ value: String, deadline: ContinuousClock.Instant) -> String? {
        if value.isEmpty {
            guard field.required else { return nil }
            switch field.type {
            case .consent, .checkbox: return "Tick this box to continue."
            case .select, .radio: return "Choose an option."
            default: return "Enter an answer."
            }
        }
        let limit = field.type == .textarea ? Self.maximumParagraphLength : Self.maximumAnswerLength
        if value.count > limit { return "Use at most \(limit) characters." }
        // PostgreSQL text cannot hold NUL; no keyboard types it.
        if value.unicodeScalars.contains("\u{0}") { return "Remove the invisible control characters from this answer." }
        switch field.type {
        case .consent, .checkbox:
            return nil
        case .select, .radio:
            return field.options.contains(value) ? nil : "Choose from the options offered."
        case .number:
            return checkNumber(field, value)
        case .date:
            return checkDate(field, value)
        case .email:
            if !FormValueParser.isEmail(value) { return "Enter an email address like name@example.com." }
            return checkLength(field, value)
        case .tel:
            if !FormValueParser.isPhone(value) {
                return "Enter a phone number using digits, spaces and + - ( ) only."
            }
            return checkLength(field, value) ?? checkPattern(field, value, deadline: deadline)
        case .text:
            return checkLength(field, value) ?? checkPattern(field, value, deadline: deadline)
        case .textarea:
            return checkLength(field, value)
        }
    }

    private func checkNumber(_ field: FormField, _ value: String) -> String? {
        guard let number = FormValueParser.number(value) else { return "Enter a number, like 42 or 3.5." }
        if let minimum = field.minimum.flatMap(FormValueParser.number), number < minimum {
            return "Enter a number of at least \(field.minimum ?? "")."
        }
        if let maximum = field.maximum.flatMap(FormValueParser.number), number > maximum {
            return "Enter a number of at most \(field.maximum ?? "")."
        }
        return nil
    }

    private func checkDate(_ field: FormField, _ value: String) -> String? {
        guard let date = FormValueParser.isoDate(value) else { return "Enter a real date as YYYY-MM-DD, like 2025-03-31." }
        if let minimum = field.minimum.flatMap(FormValueParser.isoDate), date < minimum {
            return "Enter a date on or after \(field.minimum ?? "")."
        }
        if let maximum = field.maximum.flatMap(FormValueParser.isoDate), date > maximum {
            return "Enter a date on or before \(field.maximum ?? "")."
        }
        return nil
    }

    private func checkLength(_ field: FormField, _ value: String) -> String? {
        let length = value.count
        if let minimum = field.minimum.flatMap({ Int($0) }), length < minimum {
            return "Use at least \(minimum) characters."
        }
        if let maximum = field.maximum.flatMap({ Int($0) }), length > maximum {
            return "Use at most \(maximum) characters."
        }
        return nil
    }

    private func checkPattern(_ field: FormField, _ value: String, deadline: ContinuousClock.Instant) -> String? {
        guard let pattern = patterns[field.key] else { return nil }
        switch pattern.matchesWhole(value, deadline: deadline) {
        case .some(true):
            return nil
        case .some(false):
            return field.help.isEmpty ? "Enter the answer in the format asked for." : "Enter the answer in the format asked for: \(field.help)"
        case .none:
            return "This answer could not be checked in time. Make sure it is in the format asked for"
                + (field.help.isEmpty ? "" : " (\(field.help))") + ", shorten it if you can, and send the form again."
        }
    }
}
