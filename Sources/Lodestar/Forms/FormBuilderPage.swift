import Foundation
import Mustache

/// The view model of `Templates/forms/builder.mustache`: the campaign, publishing status,
/// the settings and fields as typed (with each problem beside its input), the "Add
/// field" box and the preview.
struct FormBuilderPage: MustacheContextConvertible, Sendable {
    let snapshot: FormDraftSnapshot
    let state: FormBuilderState
    var problems = FormDefinitionProblems()
    var addError: String?
    /// The change just made, confirmed beside its field (see `BuilderDone`).
    var done: BuilderDone?
    /// Whether the problems are those of a Publish refused after the draft was stored.
    var publishRefusedAfterSave = false
    /// Whether this person may change the form (campaign.update, campaign not final).
    let canEdit: Bool
    /// The landing page as the typed definition would show it (HTML we built, escaped).
    var previewHTML: String?
    /// The landing page's absolute address, to share.
    var shareURL = ""

    var mustacheValue: MustacheValue {
        let campaign = snapshot.campaign
        let definition = state.definition
        let problemCount = problems.settings.count + problems.fields.values.reduce(0) { $0 + $1.count } + problems.form.count
            + (addError == nil ? 0 : 1)
        return [
            "campaign": [
                "id": .string(String(campaign.id)), "name": .string(campaign.name), "status": .string(campaign.status),
                "slug": .string(campaign.slug), "isFinal": .bool(campaign.isFinal),
            ],
            "baseURL": .string("/app/campaigns/\(campaign.id)/form"),
            "canEdit": .bool(canEdit),
            "published": snapshot.published.map { published in
                ["version": .int(published.version), "at": .string(SettingsTabs.date(published.at) + " UTC")]
            } ?? .null,
            "hasUnpublishedChanges": .bool(snapshot.hasUnpublishedChanges),
            "problemSummary": problemCount == 0 ? .null : .string(
                (publishRefusedAfterSave ? "Saved as the draft, not published: " : "Nothing was saved: ")
                    + "\(problemCount == 1 ? "1 thing needs" : "\(problemCount) things need") fixing; "
                    + "each is also explained beside its box below."),
            "formErrors": .list(problems.form.map { .string($0) }),
            "hasProblemLinks": .bool(!problemLinks.isEmpty),
            "problemLinks": .list(problemLinks.map { ["href": .string("#" + $0.id), "text": .string($0.text)] }),
            "listConfirmation": done.flatMap { $0.fieldKey == nil ? .string($0.change.message) : nil } ?? .null,
            "warnings": .list(problems.warnings.map { .string($0) }),
            "settings": settingsValue,
            "completionIsRedirect": .bool(isRedirect),
            "fields": .list(definition.fields.enumerated().map { fieldValue($0.element, at: $0.offset, count: definition.fields.count) }),
            "hasFields": .bool(!definition.fields.isEmpty),
            "summary": summaryValue,
            "add": [
                "type": BuilderInput(
                    id: "new-type", name: "new_type", label: "Type", value: state.newFieldType.rawValue,
                    kind: .select(Self.typeOptions)).mustacheValue,
                "label": BuilderInput(
                    id: "new-label", name: "new_label", label: "Label", value: state.newFieldLabel,
                    help: "The key is made from the label; you can change it afterwards.", error: addError).mustacheValue,
            ],
            "preview": previewHTML.mustacheValue,
            "shareURL": .string(shareURL),
            "shareQRCode": (try? QRCode(bytes: Array(shareURL.utf8)))
                .map { .string($0.svg(pixels: 160, label: "QR code of " + shareURL)) } ?? .null,
        ]
    }

    /// Every problem that stopped a save or a publish, in page order, each with the id of
    /// the box it is about (the error summary links there).
    var problemLinks: [(id: String, text: String)] {
        let settingIDs = [
            ("title", "form-title", "Title"), ("introduction", "form-introduction", "Introduction"),
            ("submitLabel", "form-submit-label", "Submit button"), ("thankYou", "form-thank-you", "Thank-you message"),
            ("redirectURL", "form-redirect-url", "Redirect to"),
        ]
        var links = settingIDs.compactMap { attribute, id, label in
            problems.settings[attribute].map { (id: id, text: "\(label): \($0)") }
        }
        let attributeOrder = ["label", "key", "type", "required", "help", "placeholder", "options", "minimum", "maximum", "pattern"]
        for (position, field) in state.definition.fields.enumerated() {
            guard let errors = problems.fields[position] else { continue }
            let name = field.label.isEmpty ? "Untitled field" : field.label
            let ordered = errors.keys.sorted { (attributeOrder.firstIndex(of: $0) ?? 99, $0) < (attributeOrder.firstIndex(of: $1) ?? 99, $1) }
            for attribute in ordered {
                links.append((id: "f\(position)-\(attribute)", text: "Field \(position + 1), “\(name)”: \(errors[attribute] ?? "")"))
            }
        }
        if let addError { links.append((id: "new-label", text: "New field: " + addError)) }
        return links
    }

    private var isRedirect: Bool {
        if case .redirect = state.definition.completion { return true }
        return false
    }

    private static let typeOptions = FieldType.allCases.map { (value: $0.rawValue, label: $0.label) }

    private var settingsValue: MustacheValue {
        let definition = state.definition
        let errors = problems.settings
        return [
            "title": BuilderInput(
                id: "form-title", name: "title", label: "Title", value: definition.title,
                help: "The landing page's heading.", error: errors["title"], required: true).mustacheValue,
            "introduction": BuilderInput(
                id: "form-introduction", name: "introduction", label: "Introduction", value: definition.introduction,
                kind: .textarea(rows: 3), help: "Shown above the form. Leave a blank line between paragraphs.",
                error: errors["introduction"]).mustacheValue,
            "submitLabel": BuilderInput(
                id: "form-submit-label", name: "submit_label", label: "Submit button", value: definition.submitLabel,
                error: errors["submitLabel"], required: true).mustacheValue,
            "thankYou": BuilderInput(
                id: "form-thank-you", name: "thank_you", label: "Thank-you message", value: state.thankYou,
                kind: .textarea(rows: 3), error: errors["thankYou"]).mustacheValue,
            "redirectURL": BuilderInput(
                id: "form-redirect-url", name: "redirect_url", label: "Redirect to", value: state.redirectURL,
                kind: .text(type: "url"), help: "A full address such as https://example.com/thanks.",
                error: errors["redirectURL"], placeholder: "https://").mustacheValue,
        ]
    }

    private func fieldValue(_ field: FormField, at position: Int, count: Int) -> MustacheValue {
        let errors = problems.fields[position] ?? [:]
        let prefix = "f\(position)"
        func input(_ attribute: String, _ label: String, _ value: String, kind: BuilderInput.Kind = .text(type: "text"),
                   help: String? = nil, required: Bool = false) -> MustacheValue {
            BuilderInput(
                id: "\(prefix)-\(attribute)", name: "\(prefix).\(attribute)", label: label, value: value, kind: kind,
                help: help, error: errors[attribute], required: required
            ).mustacheValue
        }
        let bound = FieldBound.kind(of: field.type)
        func extra(_ attribute: String, types: [FieldType], value: String, _ input: MustacheValue) -> MustacheValue {
            [
                "input": input, "types": .string(types.map(\.rawValue).joined(separator: " ")),
                "hidden": .bool(!types.contains(field.type) && value.isEmpty && errors[attribute] == nil),
            ]
        }
        let boundTypes = FieldType.allCases.filter { FieldBound.kind(of: $0) != nil }
        let minimum = field.minimum ?? ""
        let maximum = field.maximum ?? ""
        let pattern = field.pattern ?? ""
        let options = field.options.joined(separator: "\n")
        let label = field.label.isEmpty ? "Untitled field" : field.label
        return [
            "position": .int(position),
            "number": .int(position + 1),
            "anchor": .string("builder-field-\(field.key)"),
            "legend": .string("\(position + 1). \(label)"),
            "title": .string(label),
            "typeLabel": .string(field.type.label),
            "type": .string(field.type.rawValue),
            "hasErrors": .bool(!errors.isEmpty),
            "isOpen": .bool(!errors.isEmpty || (done?.fieldKey != nil && done?.fieldKey == field.key)),
            "isRequired": .bool(field.required),
            "confirmation": done.flatMap { $0.fieldKey == field.key ? .string($0.change.message) : nil } ?? .null,
            "canMoveUp": .bool(position > 0),
            "canMoveDown": .bool(position < count - 1),
            "label": input("label", "Label", field.label, required: true),
            "key": input("key", "Key", field.key, help: "Names the answer in leads and exports: lowercase letters, digits, _.", required: true),
            "fieldType": input("type", "Type", field.type.rawValue, kind: .select(Self.typeOptions)),
            "required": input("required", "Required", "", kind: .checkbox(checked: field.required)),
            "help": input("help", "Help text", field.help),
            "extras": .list([
                extra("placeholder", types: Self.placeholderTypes, value: field.placeholder,
                      input("placeholder", "Placeholder", field.placeholder)),
                extra("options", types: [.select, .radio, .checkbox], value: options,
                      input("options", "Options", options, kind: .textarea(rows: 4), help: "One choice per line.")),
                extra("minimum", types: boundTypes, value: minimum,
                      input("minimum", "Minimum", minimum, help: bound.map(Self.boundHelp))),
                extra("maximum", types: boundTypes, value: maximum,
                      input("maximum", "Maximum", maximum, help: bound.map(Self.boundHelp))),
                extra("pattern", types: [.text, .tel], value: pattern,
                      input("pattern", "Pattern", pattern, help: "A regular expression the whole answer must match.")),
            ]),
        ]
    }

    /// The types whose input shows a placeholder (choices, dates and consent show none).
    static let placeholderTypes: [FieldType] = [.text, .email, .tel, .number, .textarea]

    private static func boundHelp(_ bound: FieldBound) -> String {
        switch bound {
        case .number: "A number; leave empty for no limit."
        case .date: "A date as YYYY-MM-DD; leave empty for no limit."
        case .length: "A length in characters; leave empty for no limit."
        }
    }

    /// The definition as read-only text, for people who cannot change the form.
    private var summaryValue: MustacheValue {
        let definition = state.definition
        var completion: MustacheValue = ["message": .string(state.thankYou), "redirect": .null]
        if case .redirect(let address) = definition.completion { completion = ["message": .null, "redirect": .string(address)] }
        return [
            "title": .string(definition.title), "introduction": .string(definition.introduction),
            "submitLabel": .string(definition.submitLabel), "completion": completion,
            "fields": .list(definition.fields.map { field in
                [
                    "key": .string(field.key), "label": .string(field.label), "typeLabel": .string(field.type.label),
                    "required": .bool(field.required), "options": .string(field.options.joined(separator: ", ")),
                ]
            }),
        ]
    }
}
