/// The landing-page forms of the demo campaigns. Every form asks the same questions under
/// the same keys (so the generated answers fit each of them); a second version adds a
/// team-size question.
enum DemoForms {
    static let industries = ["Software", "Retail", "Financial services", "Healthcare", "Education", "Manufacturing", "Other"]
    static let interests = ["Email campaigns", "Landing pages", "Lead scoring", "Analytics"]
    static let teamSizes = ["1-10", "11-50", "51-200", "201-1000", "More than 1000"]

    /// Version 1 of a form: name, email, company, phone, industry (drop-down), interests
    /// (checkbox group) and consent.
    static func first(title: String, introduction: String, submitLabel: String, thanks: String) -> FormDefinition {
        FormDefinition(
            title: title, introduction: introduction, submitLabel: submitLabel,
            fields: [
                FormField(key: "name", type: .text, label: "Full name", required: true, maximum: "200", placeholder: "Ada Lovelace"),
                FormField(key: "email", type: .email, label: "Work email", required: true, help: "We send the details here."),
                FormField(key: "company", type: .text, label: "Company", required: true, maximum: "200"),
                FormField(key: "phone", type: .tel, label: "Phone", help: "Optional; only if you would like a call.", pattern: "[0-9 +()-]{6,20}"),
                FormField(key: "industry", type: .select, label: "Industry", required: true, options: industries),
                FormField(key: "interests", type: .checkbox, label: "What would you like to hear about?", options: interests),
                FormField(key: "consent", type: .consent, label: "I agree that Lodestar Demo may contact me about this request.", required: true),
            ],
            completion: .message(thanks)
        )
    }

    /// Version 2: version 1 with a team-size question before the consent box.
    static func second(of form: FormDefinition) -> FormDefinition {
        var form = form
        let teamSize = FormField(key: "team_size", type: .radio, label: "How large is your team?", required: true, options: teamSizes)
        form.fields.insert(teamSize, at: max(form.fields.count - 1, 0))
        return form
    }
}
