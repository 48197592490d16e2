import Foundation
import Web

/// The form builder as a person left it: the definition being edited, plus the text of
/// whichever completion (thank-you message or redirect URL) is not chosen, so switching
/// back and forth loses nothing, and what was typed into "Add field".
struct FormBuilderState: Sendable, Equatable {
    var definition: FormDefinition
    var thankYou: String
    var redirectURL: String
    var newFieldType: FieldType = .text
    var newFieldLabel: String = ""
    /// The marker each field was sent with, in order: buttons name a field by its marker,
    /// which stays right when the page was reordered by drag and drop before sending.
    var markers: [Int]

    init(definition: FormDefinition) {
        self.definition = definition
        markers = Array(definition.fields.indices)
        switch definition.completion {
        case .message(let text):
            thankYou = text
            redirectURL = ""
        case .redirect(let address):
            thankYou = ""
            redirectURL = address
        }
    }

    /// Reads the builder's form (see `Templates/forms/builder.mustache` for the names).
    /// Fields come in the order their `field` markers were sent, which is the order on
    /// the page (drag-and-drop reorders the page). A missing or unknown field type is a
    /// 400: the page only offers the known ones.
    init(form: FormData) throws {
        var fields: [FormField] = []
        var markers: [Int] = []
        for text in form.values("field") {
            guard text.count <= 4, let marker = Int(text), marker >= 0, !markers.contains(marker) else {
                throw WebError.badRequest("The form could not be read. Reload the page and try again.")
            }
            markers.append(marker)
            fields.append(try Self.field(form, prefix: "f\(marker)."))
        }
        guard fields.count <= 200 else { throw WebError.badRequest("The form has too many fields to read.") }
        let completion = form["completion"] == "redirect"
            ? FormCompletion.redirect(Self.trimmed(form["redirect_url"]))
            : FormCompletion.message(Self.trimmed(form["thank_you"]))
        let definition = FormDefinition(
            title: Self.trimmed(form["title"]), introduction: Self.trimmed(form["introduction"]),
            submitLabel: Self.trimmed(form["submit_label"]), fields: fields, completion: completion
        )
        self.init(definition: definition)
        self.markers = markers
        thankYou = Self.trimmed(form["thank_you"])
        redirectURL = Self.trimmed(form["redirect_url"])
        if let typeName = form["new_type"] {
            guard let type = FieldType(rawValue: typeName) else { throw WebError.badRequest("Choose one of the field types offered.") }
            newFieldType = type
        }
        newFieldLabel = Self.trimmed(form["new_label"])
    }

    private static func field(_ form: FormData, prefix: String) throws -> FormField {
        guard let type = FieldType(rawValue: form[prefix + "type"] ?? "") else {
            throw WebError.badRequest("Choose one of the field types offered.")
        }
        let options = (form[prefix + "options"] ?? "")
            .split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return FormField(
            key: trimmed(form[prefix + "key"]), type: type, label: trimmed(form[prefix + "label"]),
            required: form.contains(prefix + "required"), help: trimmed(form[prefix + "help"]),
            options: options, minimum: optional(form[prefix + "minimum"]), maximum: optional(form[prefix + "maximum"]),
            pattern: form[prefix + "pattern"].flatMap { $0.isEmpty ? nil : $0 },
            placeholder: trimmed(form[prefix + "placeholder"])
        )
    }

    private static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func optional(_ value: String?) -> String? {
        let text = trimmed(value)
        return text.isEmpty ? nil : text
    }
}

/// What a builder button asks for besides saving what was typed.
enum FormBuilderAction: Equatable, Sendable {
    case save
    case add
    case moveUp(Int)
    case moveDown(Int)
    case remove(Int)
    case duplicate(Int)

    /// Reads the pressed button's `action` value (`save`, `add`, `up:2`, `down:0`, `remove:3`, `duplicate:1`;
    /// the number is the field's marker, its position when the page was drawn). Nothing pressed (Enter in a text box) means save.
    init(_ value: String?) throws {
        guard let value, !value.isEmpty, value != "save" else {
            self = .save
            return
        }
        if value == "add" {
            self = .add
            return
        }
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let position = Int(parts[1]), position >= 0 else {
            throw WebError.badRequest("That button is not one this page offers. Reload the page and try again.")
        }
        switch parts[0] {
        case "up": self = .moveUp(position)
        case "down": self = .moveDown(position)
        case "remove": self = .remove(position)
        case "duplicate": self = .duplicate(position)
        default: throw WebError.badRequest("That button is not one this page offers. Reload the page and try again.")
        }
    }
}

extension FormBuilderState {
    /// Applies `action` to the definition. Returns the key of the field to scroll to
    /// afterwards, or an error message for the "Add field" box when the new field cannot
    /// be added (or a field duplicated) as asked.
    mutating func apply(_ action: FormBuilderAction) -> (anchorKey: String?, addError: String?) {
        var fields = definition.fields
        defer {
            definition.fields = fields
            markers = Array(fields.indices)
        }
        func index(ofMarker marker: Int) -> Int { markers.firstIndex(of: marker) ?? -1 }
        switch action {
        case .save:
            return (nil, nil)
        case .add:
            let label = newFieldLabel
            if label.isEmpty { return (nil, "Give the new field a label.") }
            if label.count > FormDefinitionValidator.maximumLabelLength {
                return (nil, "Keep the label to \(FormDefinitionValidator.maximumLabelLength) characters or fewer.")
            }
            if fields.count >= FormDefinitionValidator.maximumFields {
                return (nil, "A form can have at most \(FormDefinitionValidator.maximumFields) fields.")
            }
            let key = FieldKey.generate(from: label, taken: Set(fields.map(\.key)))
            let options = newFieldType.hasOptions ? ["Option 1", "Option 2"] : []
            fields.append(FormField(key: key, type: newFieldType, label: label, options: options))
            newFieldLabel = ""
            newFieldType = .text
            return (key, nil)
        case .moveUp(let marker):
            let position = index(ofMarker: marker)
            guard fields.indices.contains(position) else { return (nil, nil) }
            if position > 0 { fields.swapAt(position, position - 1) }
            return (fields[max(position - 1, 0)].key, nil)
        case .moveDown(let marker):
            let position = index(ofMarker: marker)
            guard fields.indices.contains(position) else { return (nil, nil) }
            if position < fields.count - 1 { fields.swapAt(position, position + 1) }
            return (fields[min(position + 1, fields.count - 1)].key, nil)
        case .remove(let marker):
            let position = index(ofMarker: marker)
            guard fields.indices.contains(position) else { return (nil, nil) }
            fields.remove(at: position)
            return (nil, nil)
        case .duplicate(let marker):
            let position = index(ofMarker: marker)
            guard fields.indices.contains(position) else { return (nil, nil) }
            if fields.count >= FormDefinitionValidator.maximumFields {
                return (nil, "A form can have at most \(FormDefinitionValidator.maximumFields) fields.")
            }
            // The copy goes right below its original, with a key of its own.
            var copy = fields[position]
            copy.label = String((copy.label + " (copy)").prefix(FormDefinitionValidator.maximumLabelLength))
            copy.key = FieldKey.generate(from: fields[position].key, taken: Set(fields.map(\.key)))
            fields.insert(copy, at: position + 1)
            return (copy.key, nil)
        }
    }
}

/// Field keys made from labels: “Company size (people)” becomes `company_size_people`.
enum FieldKey {
    static func generate(from label: String, taken: Set<String>) -> String {
        let folded = label.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        var key = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                key.unicodeScalars.append(scalar)
            } else if !key.isEmpty, !key.hasSuffix("_") {
                key.append("_")
            }
        }
        while key.hasSuffix("_") { key.removeLast() }
        key = String(key.prefix(30))
        while key.hasSuffix("_") { key.removeLast() }
        if key.isEmpty {
            key = "field"
        } else if key.first?.isLetter != true {
            key = "field_" + key
        }
        guard taken.contains(key) else { return key }
        var number = 2
        while taken.contains("\(key)_\(number)") { number += 1 }
        return "\(key)_\(number)"
    }
}
