import Foundation
import Web

/// What the form builder just did to a field, carried in the address it redirects to
/// (`?done=added&field=email#builder-field-email`) so the page opens that field, lands on
/// it and confirms there. Read back only for a key the draft has and a word it knows.
struct BuilderDone: Sendable, Equatable {
    enum Change: String, Sendable {
        case added, moved, removed, duplicated

        var message: String {
            switch self {
            case .added: "Field added. Set it up below, then save."
            case .moved: "Field moved."
            case .removed: "Field removed."
            case .duplicated: "Field duplicated. Give the copy its own label, then save."
            }
        }
    }

    var change: Change
    /// The field to open and land on; nil after a removal (the page lands on the list).
    var fieldKey: String?

    /// After `action` (nil for a plain save, which confirms in a flash instead).
    init?(_ action: FormBuilderAction, fieldKey: String?) {
        switch action {
        case .save: return nil
        case .add: change = .added
        case .moveUp, .moveDown: change = .moved
        case .remove: change = .removed
        case .duplicate: change = .duplicated
        }
        self.fieldKey = change == .removed ? nil : fieldKey
    }

    /// From the builder page's query; nil when it names nothing this draft has.
    init?(_ query: QueryParameters, draft: FormDefinition) {
        guard let change = query["done"].flatMap(Change.init(rawValue:)) else { return nil }
        self.change = change
        let key = query["field"]
        guard change == .removed || draft.fields.contains(where: { $0.key == key }) else { return nil }
        fieldKey = change == .removed ? nil : key
    }

    var anchor: String { fieldKey.map { "builder-field-" + $0 } ?? "fields" }

    /// The query and fragment of the builder address that shows this.
    var location: String {
        "?done=\(change.rawValue)" + (fieldKey.map { "&field=" + $0 } ?? "") + "#" + anchor
    }
}
