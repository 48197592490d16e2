/// A landing-page form as the form builder edits it and as each published version keeps
/// it (stored as JSON in `forms.draft` and `form_versions.definition`).
///
/// Answers are stored per field key in `leads.answers`: a string for every type, except a
/// checkbox group (`checkbox` with options), whose answer is an array of the chosen
/// options. A consent box answers "yes" when ticked. Unanswered optional fields are left
/// out.
struct FormDefinition: Codable, Sendable, Equatable {
    /// The landing page's heading.
    var title: String
    /// Text shown above the form (plain text; paragraphs split on blank lines).
    var introduction: String
    var submitLabel: String
    var fields: [FormField]
    /// What a prospect sees after a successful submission.
    var completion: FormCompletion

    init(
        title: String, introduction: String = "", submitLabel: String = "Submit", fields: [FormField] = [],
        completion: FormCompletion = .message("Thank you! We will be in touch soon.")
    ) {
        self.title = title
        self.introduction = introduction
        self.submitLabel = submitLabel
        self.fields = fields
        self.completion = completion
    }

    /// The draft a new campaign's form starts from: an email field, ready to publish.
    static func starter(title: String) -> FormDefinition {
        FormDefinition(
            title: title,
            fields: [
                FormField(key: "name", type: .text, label: "Your name", maximum: "200"),
                FormField(key: "email", type: .email, label: "Email address", required: true),
            ]
        )
    }

    func field(forKey key: String) -> FormField? { fields.first { $0.key == key } }
}

/// Thank-you text, or a redirect (303) to an absolute http(s) URL.
enum FormCompletion: Codable, Sendable, Equatable {
    case message(String)
    case redirect(String)
}

struct FormField: Codable, Sendable, Equatable {
    /// Unique within the form: `^[a-z][a-z0-9_]{0,39}$`; the answer's key in `leads.answers`.
    var key: String
    var type: FieldType
    var label: String
    var required: Bool
    var help: String
    /// The choices of select, radio and checkbox groups.
    var options: [String]
    /// Bounds as text: a number for `number`, an ISO date (YYYY-MM-DD) for `date`, a
    /// length in characters for text, email, tel and textarea; nil when unbounded.
    var minimum: String?
    var maximum: String?
    /// A regular expression the whole answer must match (text and tel).
    var pattern: String?
    var placeholder: String

    init(
        key: String, type: FieldType, label: String, required: Bool = false, help: String = "",
        options: [String] = [], minimum: String? = nil, maximum: String? = nil, pattern: String? = nil,
        placeholder: String = ""
    ) {
        self.key = key
        self.type = type
        self.label = label
        self.required = required
        self.help = help
        self.options = options
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.placeholder = placeholder
    }
}

enum FieldType: String, Codable, Sendable, CaseIterable {
    case text, email, tel, number, date, textarea, select, radio, checkbox, consent

    var label: String {
        switch self {
        case .text: "Text"
        case .email: "Email"
        case .tel: "Phone"
        case .number: "Number"
        case .date: "Date"
        case .textarea: "Paragraph"
        case .select: "Drop-down"
        case .radio: "Radio buttons"
        case .checkbox: "Checkboxes"
        case .consent: "Consent"
        }
    }

    /// Whether the field offers a list of options.
    var hasOptions: Bool { self == .select || self == .radio || self == .checkbox }
}
