import Mustache

/// One field of the landing page as `Templates/forms/landing-field.mustache` reads it:
/// ids that tie the label, help text and error to the control, the kind of control, the
/// typed value(s) to show again and the HTML constraints that help browsers (the server
/// checks everything again; patterns are not sent to the browser, whose regular
/// expression dialect differs).
struct LandingField: Sendable {
    let field: FormField
    let values: [String]
    let error: String?

    var id: String { "field-" + field.key }
    var helpID: String { id + "-help" }
    var errorID: String { id + "-error" }

    /// A group of options is a fieldset of radio buttons or checkboxes.
    var isGroup: Bool { field.type == .radio || (field.type == .checkbox && !field.options.isEmpty) }
    /// A single box: consent, or a checkbox without options.
    var isSingleCheckbox: Bool { field.type == .consent || (field.type == .checkbox && field.options.isEmpty) }

    /// The control the error summary links to: the first option of a group.
    var firstControlID: String { isGroup && !field.options.isEmpty ? optionID(0) : id }

    func optionID(_ index: Int) -> String { "\(id)-\(index + 1)" }

    /// The ids of the help text and error, for aria-describedby.
    var describedBy: String? {
        let ids = (field.help.isEmpty ? [] : [helpID]) + (error == nil ? [] : [errorID])
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    var mustacheValue: MustacheValue {
        let value = values.first ?? ""
        var object: [String: MustacheValue] = [
            "id": .string(id),
            "name": .string(field.key),
            "label": .string(field.label),
            "required": .bool(field.required),
            "help": .string(field.help),
            "helpID": .string(helpID),
            "error": error.map { .string($0) } ?? .bool(false),
            "errorID": .string(errorID),
            "describedBy": describedBy.map { .string($0) } ?? .bool(false),
            "placeholder": .string(field.placeholder),
            "autocomplete": autocomplete.map { .string($0) } ?? .bool(false),
            "value": .string(value),
            "isGroup": .bool(isGroup),
            "isSingleCheckbox": .bool(isSingleCheckbox),
            "isTextarea": .bool(field.type == .textarea),
            "isSelect": .bool(field.type == .select),
            "isInput": .bool(!isGroup && !isSingleCheckbox && field.type != .textarea && field.type != .select),
            "inputType": .string(inputType),
            "checked": .bool(isSingleCheckbox && !value.isEmpty),
            "options": .list(options),
            "hasChoice": .bool(field.options.contains(value)),
        ]
        for (name, bound) in constraints { object[name] = .string(bound) }
        for name in ["min", "max", "minlength", "maxlength", "step"] where object[name] == nil {
            object[name] = .bool(false)
        }
        return .object(MustacheObject(object))
    }

    private var inputType: String {
        switch field.type {
        case .email: "email"
        case .tel: "tel"
        case .number: "number"
        case .date: "date"
        case .radio: "radio"
        case .checkbox, .consent: "checkbox"
        case .text, .textarea, .select: "text"
        }
    }

    private var options: [MustacheValue] {
        let groupType = field.type == .radio ? "radio" : "checkbox"
        return field.options.enumerated().map { index, option -> MustacheValue in
            let chosen = values.contains(option)
            return [
                "id": .string(optionID(index)),
                "name": .string(field.key),
                "value": .string(option),
                "label": .string(option),
                "inputType": .string(groupType),
                "checked": .bool(chosen),
                "selected": .bool(chosen),
                "invalid": .bool(error != nil),
                // A required radio group: one required radio makes the browser insist on a choice.
                "requiredRadio": .bool(field.required && field.type == .radio),
            ]
        }
    }

    /// HTML attributes from the bounds: min/max for numbers and dates, lengths for text.
    private var constraints: [String: String] {
        var result: [String: String] = [:]
        switch field.type {
        case .number:
            result["step"] = "any"
            if let minimum = field.minimum, Double(minimum) != nil { result["min"] = minimum }
            if let maximum = field.maximum, Double(maximum) != nil { result["max"] = maximum }
        case .date:
            if let minimum = field.minimum, FormValueParser.isoDate(minimum) != nil { result["min"] = minimum }
            if let maximum = field.maximum, FormValueParser.isoDate(maximum) != nil { result["max"] = maximum }
        case .text, .email, .tel, .textarea:
            if let minimum = field.minimum, let length = Int(minimum), length > 0 { result["minlength"] = String(length) }
            if let maximum = field.maximum, let length = Int(maximum), length > 0 { result["maxlength"] = String(length) }
        case .select, .radio, .checkbox, .consent:
            break
        }
        return result
    }

    /// What browsers may fill the field with: the obvious keys and types only.
    private var autocomplete: String? {
        switch (field.type, field.key) {
        case (.email, _): "email"
        case (.tel, _): "tel"
        case (.text, "name"), (.text, "full_name"): "name"
        case (.text, "first_name"): "given-name"
        case (.text, "last_name"): "family-name"
        case (.text, "company"), (.text, "organization"): "organization"
        default: nil
        }
    }
}
