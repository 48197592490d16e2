import Mustache

/// One input of the form builder in the shape `Templates/partials/field.mustache` reads.
/// Every key the partial looks up is set (null when unused), so a lookup never falls
/// through to an outer context's value of the same name.
struct BuilderInput: MustacheContextConvertible, Sendable {
    enum Kind: Sendable {
        case text(type: String)
        case textarea(rows: Int)
        case select([(value: String, label: String)])
        case checkbox(checked: Bool)
    }

    var id: String
    var name: String
    var label: String
    var value: String
    var kind: Kind = .text(type: "text")
    var help: String?
    var error: String?
    var placeholder: String?
    var required = false

    var mustacheValue: MustacheValue {
        var object: [String: MustacheValue] = [
            "id": .string(id), "name": .string(name), "label": .string(label), "value": .string(value),
            "help": help.mustacheValue, "error": error.mustacheValue, "placeholder": placeholder.mustacheValue,
            "required": .bool(required), "autocomplete": "off", "type": .null, "isTextarea": false, "rows": .null,
            "isSelect": false, "options": .null, "isCheckbox": false, "checked": false, "min": .null, "max": .null,
        ]
        switch kind {
        case .text(let type):
            object["type"] = .string(type)
        case .textarea(let rows):
            object["isTextarea"] = true
            object["rows"] = .int(rows)
        case .select(let options):
            object["isSelect"] = true
            object["options"] = .list(options.map { option in
                ["value": .string(option.value), "label": .string(option.label), "selected": .bool(option.value == value)]
            })
        case .checkbox(let checked):
            object["isCheckbox"] = true
            object["checked"] = .bool(checked)
            object["value"] = "on"
            // `autocomplete` is not allowed on a checkbox (HTML; the Nu checker reports it).
            object["autocomplete"] = .null
        }
        return .object(object)
    }
}
