import Foundation

/// A lead's answers (`leads.answers`) read from their JSON: per field key a text, or the
/// chosen options of a checkbox group (see `FormDefinition`). Values of other JSON types
/// (a lead pushed by the API) are kept as their JSON text.
struct LeadAnswers: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case text(String)
        case list([String])

        /// The value as one line of text: a list's options joined by ", ".
        var joined: String {
            switch self {
            case .text(let text): text
            case .list(let items): items.joined(separator: ", ")
            }
        }
    }

    /// One answer as a page shows it: the field's label, its key and the value.
    struct Labeled: Sendable, Equatable {
        var label: String
        var key: String
        var value: Value
        /// False for a key the form version does not define (shown by its key).
        var defined: Bool
    }

    let values: [String: Value]

    init(values: [String: Value]) {
        self.values = values
    }

    /// Parses the JSON object text; anything that is not an object reads as no answers.
    init(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            values = [:]
            return
        }
        var values: [String: Value] = [:]
        for (key, raw) in object {
            if let text = raw as? String {
                values[key] = .text(text)
            } else if let items = raw as? [Any] {
                values[key] = .list(items.map(Self.text))
            } else {
                values[key] = .text(Self.text(raw))
            }
        }
        self.values = values
    }

    /// The keys in a stable order (alphabetical).
    var sortedKeys: [String] { values.keys.sorted() }

    /// The answers in the order of `definition`'s fields, labelled, followed by answers
    /// to keys the definition does not have (alphabetical, labelled by key). Without a
    /// definition every answer is labelled by its key.
    func labeled(by definition: FormDefinition?) -> [Labeled] {
        var result: [Labeled] = []
        var seen: Set<String> = []
        for field in definition?.fields ?? [] {
            guard let value = values[field.key], seen.insert(field.key).inserted else { continue }
            result.append(Labeled(label: field.label.isEmpty ? field.key : field.label, key: field.key, value: value, defined: true))
        }
        for key in sortedKeys where !seen.contains(key) {
            if let value = values[key] { result.append(Labeled(label: key, key: key, value: value, defined: false)) }
        }
        return result
    }

    /// A JSON object of the answers whose keys are not in `excluded` ("" when none are left).
    func json(excluding excluded: Set<String>) -> String {
        var object: [String: Any] = [:]
        for (key, value) in values where !excluded.contains(key) {
            switch value {
            case .text(let text): object[key] = text
            case .list(let items): object[key] = items
            }
        }
        guard !object.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func text(_ raw: Any) -> String {
        if let text = raw as? String { return text }
        if raw is NSNull { return "" }
        if let number = raw as? NSNumber { return number.stringValue }
        guard JSONSerialization.isValidJSONObject(raw), let data = try? JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys])
        else { return String(describing: raw) }
        return String(decoding: data, as: UTF8.self)
    }
}
