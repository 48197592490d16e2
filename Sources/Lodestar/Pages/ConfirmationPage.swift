import Mustache
import Web

/// A page of its own that asks before a final action (`Templates/pages/confirm.mustache`):
/// what will happen, what cannot be undone, one button that posts the action with
/// `confirm=yes`, and a way back that changes nothing. It works without JavaScript;
/// `Public/confirm.js` shows the same form in a dialog over the page that linked here.
struct ConfirmationPage: MustacheContextConvertible, Sendable {
    /// The question, as the heading and the tab's title ("Cancel Spring webinar?").
    var question: String
    /// What the action does, a sentence each.
    var consequences: [String]
    /// What cannot be undone afterwards.
    var irreversible: String
    /// Where the confirmed form posts.
    var action: String
    /// Hidden fields the action needs besides the CSRF token and `confirm=yes`.
    var fields: [(name: String, value: String)] = []
    var confirmLabel: String
    /// Where "go back" leads, and what it says.
    var backURL: String
    var backLabel: String

    /// The form field that marks a post as confirmed.
    static let confirmField = "confirm"

    /// Whether a posted form was sent from a confirmation page.
    static func isConfirmed(_ form: some FieldValues) -> Bool { form[confirmField] == "yes" }

    var mustacheValue: MustacheValue {
        [
            "question": .string(question),
            "consequences": .list(consequences.map { .string($0) }),
            "irreversible": .string(irreversible),
            "action": .string(action),
            "fields": .list(fields.map { ["name": .string($0.name), "value": .string($0.value)] }),
            "confirmLabel": .string(confirmLabel),
            "backURL": .string(backURL),
            "backLabel": .string(backLabel),
        ]
    }
}
