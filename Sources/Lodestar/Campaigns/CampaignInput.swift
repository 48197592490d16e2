import Foundation
import Postgres
import Web

/// The campaign form as the person typed it (every value kept as text, so a refused form
/// shows exactly what was entered) and its validation into `CampaignFields`.
struct CampaignInput: Sendable, Equatable {
    var name = ""
    var description = ""
    var budget = ""
    var startsOn = ""
    var endsOn = ""
    var senderName = ""
    var senderEmail = ""
    var slug = ""

    /// The form field names, also the keys of `CampaignInputErrors`.
    enum Field: String, CaseIterable, Sendable {
        case name, description, budget
        case startsOn = "starts_on", endsOn = "ends_on"
        case senderName = "sender_name", senderEmail = "sender_email"
        case slug
    }

    init() {}

    init(form: FormData) {
        name = form[Field.name.rawValue] ?? ""
        description = form[Field.description.rawValue] ?? ""
        budget = form[Field.budget.rawValue] ?? ""
        startsOn = form[Field.startsOn.rawValue] ?? ""
        endsOn = form[Field.endsOn.rawValue] ?? ""
        senderName = form[Field.senderName.rawValue] ?? ""
        senderEmail = form[Field.senderEmail.rawValue] ?? ""
        slug = form[Field.slug.rawValue] ?? ""
    }

    /// The stored campaign as the edit form shows it.
    init(campaign: Campaign) {
        name = campaign.name
        description = campaign.description
        budget = campaign.budget?.description ?? ""
        startsOn = campaign.startsOn?.description ?? ""
        endsOn = campaign.endsOn?.description ?? ""
        senderName = campaign.senderName
        senderEmail = campaign.senderEmail ?? ""
        slug = campaign.slug
    }

    func value(of field: Field) -> String {
        switch field {
        case .name: name
        case .description: description
        case .budget: budget
        case .startsOn: startsOn
        case .endsOn: endsOn
        case .senderName: senderName
        case .senderEmail: senderEmail
        case .slug: slug
        }
    }

    /// The validated values, or the message for each field that is wrong.
    func validate() -> Result<CampaignFields, CampaignInputErrors> {
        var errors = CampaignInputErrors()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            errors[.name] = "Give the campaign a name."
        } else if name.unicodeScalars.count > 200 {
            errors[.name] = "Keep the name to 200 characters or fewer."
        }
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if description.unicodeScalars.count > 5000 {
            errors[.description] = "Keep the description to 5,000 characters or fewer."
        }
        let budget = Self.budget(budget, errors: &errors)
        let startsOn = Self.date(startsOn, field: .startsOn, errors: &errors)
        let endsOn = Self.date(endsOn, field: .endsOn, errors: &errors)
        if let startsOn, let endsOn, endsOn < startsOn {
            errors[.endsOn] = "The end date cannot be before the start date (\(startsOn))."
        }
        let senderName = senderName.trimmingCharacters(in: .whitespacesAndNewlines)
        if senderName.unicodeScalars.count > 200 {
            errors[.senderName] = "Keep the sender name to 200 characters or fewer."
        }
        var senderEmail: String?
        let typedEmail = self.senderEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        if !typedEmail.isEmpty {
            senderEmail = WhitelistPattern.email(typedEmail)
            if senderEmail == nil { errors[.senderEmail] = "Enter an email address such as news@example.com." }
        }
        var slug: String?
        let typedSlug = self.slug.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if !typedSlug.isEmpty {
            if CampaignSlug.isValid(typedSlug) {
                slug = typedSlug
            } else {
                errors[.slug] = "Use lowercase letters, digits and single hyphens between them (spring-sale-2026), at most 80 characters."
            }
        }
        // PostgreSQL text cannot hold NUL, and no other control character belongs in these
        // fields (line breaks and tabs aside): refused beside the field, never a 500.
        for field in Field.allCases where value(of: field).unicodeScalars.contains(where: Self.isForbiddenControl) {
            errors[field] = "Remove the invisible control character from this field."
        }
        // Only the description has lines; a line break in the sender would let it add mail
        // headers once it is used in a From line.
        for field in [Field.name, .senderName, .senderEmail] where errors[field] == nil
            && value(of: field).trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars.contains(where: Self.isLineBreak) {
            errors[field] = "Keep this to one line (no line breaks)."
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(CampaignFields(
            name: name, description: description, budget: budget, startsOn: startsOn, endsOn: endsOn,
            senderName: senderName, senderEmail: senderEmail, slug: slug
        ))
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacters.isControl(scalar, allowingLineBreaks: true)
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Blank is no budget; otherwise a number >= 0 with at most two decimals that fits
    /// numeric(14, 2). Never passes through floating point.
    private static func budget(_ text: String, errors: inout CampaignInputErrors) -> Numeric? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let value = Numeric(text), value.isFinite, !text.hasPrefix("+") else {
            errors[.budget] = "Write the budget as a number such as 1500 or 1500.50 (no currency sign or separators)."
            return nil
        }
        guard !value.description.hasPrefix("-") else {
            errors[.budget] = "The budget cannot be negative."
            return nil
        }
        guard let cents = value.cents else {
            // No cents: more than two decimals that are not zeros, or more than Int64 holds.
            let fraction = value.description.split(separator: ".").dropFirst().first ?? ""
            errors[.budget] = fraction.reversed().drop(while: { $0 == "0" }).count > 2
                ? "The budget can have at most two decimals."
                : "The budget must be less than 1,000,000,000,000."
            return nil
        }
        guard cents < 100_000_000_000_000 else {
            errors[.budget] = "The budget must be less than 1,000,000,000,000."
            return nil
        }
        return Numeric(cents: cents)
    }

    private static func date(_ text: String, field: Field, errors: inout CampaignInputErrors) -> CalendarDate? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let date = CalendarDate(text), (1900...9999).contains(date.year) else {
            errors[field] = "Write the date as YYYY-MM-DD, for example 2026-03-31."
            return nil
        }
        return date
    }
}

/// The message beside each refused field of the campaign form.
struct CampaignInputErrors: Error, Sendable, Equatable {
    private(set) var messages: [CampaignInput.Field: String] = [:]

    subscript(field: CampaignInput.Field) -> String? {
        get { messages[field] }
        set { messages[field] = newValue }
    }

    var isEmpty: Bool { messages.isEmpty }
}

/// A valid campaign form: what gets stored.
struct CampaignFields: Sendable, Equatable {
    var name: String
    var description: String
    /// Exactly two decimals.
    var budget: Numeric?
    var startsOn: CalendarDate?
    var endsOn: CalendarDate?
    var senderName: String
    var senderEmail: String?
    /// Nil: make one from the name.
    var slug: String?

    /// The sender as the history shows it: `Name <email>`, or whichever part there is.
    var sender: String? { CampaignFields.sender(name: senderName, email: senderEmail) }

    static func sender(name: String, email: String?) -> String? {
        switch (name.isEmpty, email) {
        case (true, nil): nil
        case (false, nil): name
        case (true, let email?): email
        case (false, let email?): "\(name) <\(email)>"
        }
    }
}
