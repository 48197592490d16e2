import Foundation
import Mustache
import Postgres

/// How campaign values read on the pages (the templates escape all of it).
enum CampaignViews {
    /// The fields every campaign template reads: id, name, statusKey, statusLabel, statusWord
    /// (the status inside a sentence), dates,
    /// budget, sender, slug and the page, edit, form builder and landing page URLs.
    static func summary(_ campaign: Campaign, currency: Currency) -> [String: MustacheValue] {
        [
            "id": .string(String(campaign.id)),
            "name": .string(campaign.name),
            "description": .string(campaign.description),
            "statusKey": .string(campaign.status.rawValue),
            "statusLabel": .string(campaign.status.label),
            "statusWord": .string(campaign.status.label.lowercased()),
            "startsOn": .optional(campaign.startsOn?.description),
            "endsOn": .optional(campaign.endsOn?.description),
            "budget": .optional(campaign.budget.map { budget($0, currency: currency) }),
            "sender": .optional(CampaignFields.sender(name: campaign.senderName, email: campaign.senderEmail)),
            "slug": .string(campaign.slug),
            "url": .string(campaign.pageURL),
            "editURL": .string(campaign.pageURL + "/edit"),
            "formURL": .string(campaign.pageURL + "/form"),
            "landingURL": .string(campaign.landingURL),
            "createdAt": .string(SettingsTabs.date(campaign.createdAt)),
            "updatedAt": .string(SettingsTabs.date(campaign.updatedAt)),
        ]
    }

    /// A budget with its currency: `USD 2,500.50`.
    static func budget(_ amount: Numeric, currency: Currency) -> String {
        currency.code + "\u{00A0}" + money(amount)
    }

    /// `1234567.5` as `1,234,567.50`: thousands grouped, always two decimals.
    static func money(_ amount: Numeric) -> String {
        guard let cents = amount.cents else { return amount.description }
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + (magnitude / 100).grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// The history rows as the campaign page's table shows them.
    static func history(_ entries: [CampaignHistory.Entry], currency: Currency) -> MustacheValue {
        .list(entries.map { entry in
            [
                "when": .string(SettingsTabs.date(entry.changedAt)),
                "actor": .string(entry.actor ?? "Lodestar"),
                "field": .string(CampaignHistory.label(field: entry.field)),
                // A creation has no "before"; any other empty value reads "(empty)".
                "old": entry.field == "created" ? .null : .string(display(entry.old, field: entry.field, currency: currency)),
                "new": .string(display(entry.new, field: entry.field, currency: currency)),
            ]
        })
    }

    private static func display(_ value: String?, field: String, currency: Currency) -> String {
        guard let value, !value.isEmpty else { return "(empty)" }
        switch field {
        case "status": return CampaignStatus(rawValue: value)?.label ?? value
        case "budget": return Numeric(value).map { budget($0, currency: currency) } ?? value
        default: return value
        }
    }

    /// The campaign form's fields for `partials/field`: every value as typed, each error
    /// beside its field.
    static func formFields(_ input: CampaignInput, errors: CampaignInputErrors, isEdit: Bool, currency: Currency) -> MustacheValue {
        func field(
            _ name: CampaignInput.Field, _ label: String, type: String = "text", required: Bool = false,
            help: String? = nil, isTextarea: Bool = false
        ) -> MustacheValue {
            [
                "id": .string("campaign-" + name.rawValue.replacingOccurrences(of: "_", with: "-")),
                "name": .string(name.rawValue), "label": .string(label), "type": .string(type),
                "value": .string(input.value(of: name)), "required": .bool(required), "help": .optional(help),
                "error": .optional(errors[name]), "placeholder": .null,
                "autocomplete": "off", "isTextarea": .bool(isTextarea), "isSelect": false,
                "isCheckbox": false, "rows": isTextarea ? 5 : .null, "min": .null, "max": .null,
            ]
        }
        return [
            "name": field(.name, "Name", required: true),
            "description": field(.description, "Description", help: "What the campaign is for (only your team sees it).", isTextarea: true),
            "budget": field(
                .budget, "Budget (\(currency.code))",
                help: "Optional. In \(currency.label), the organization's currency: a number with up to two decimals, such as 2500 or 2500.50."),
            "startsOn": field(.startsOn, "Start date", type: "date", help: "Needed to schedule the campaign."),
            "endsOn": field(.endsOn, "End date", type: "date", help: "Optional; not before the start date."),
            "senderName": field(.senderName, "Sender name"),
            "senderEmail": field(.senderEmail, "Sender email", type: "email"),
            "slug": field(
                .slug, "Landing page address",
                help: "The public page is /f/ followed by this: lowercase letters, digits and hyphens. Leave it blank to "
                    + "make one from the name." + (isEdit ? " Changing it breaks links already shared." : "")),
        ]
    }
}
