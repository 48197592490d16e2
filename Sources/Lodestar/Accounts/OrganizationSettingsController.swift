import HTTP
import Mustache
import Postgres
import Web

/// `/app/settings/organization` (`organization.manage`, admins): the organization's own
/// settings, for now the currency its campaign budgets are shown in. A change is audited.
struct OrganizationSettingsController: Sendable {
    let database: Database
    let pages: PageRenderer

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let currency = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.organizationCurrency(organizationID: auth.organizationID)
        }
        return try render(auth, selected: currency.code)
    }

    func update(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let code = try request.formData()["currency"] ?? ""
        guard let currency = Currency.withCode(code) else {
            return try render(auth, selected: code, error: "Choose one of the currencies in the list.", status: .unprocessableContent)
        }
        let old = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let old = try transaction.organizationCurrency(organizationID: auth.organizationID)
            guard old != currency else { return old }
            try transaction.setOrganizationCurrency(currency, organizationID: auth.organizationID)
            try transaction.audit(auth.auditEvent(
                "organization.updated", entityType: "organization", entityID: String(auth.organizationID),
                old: ["currency": old.code], new: ["currency": currency.code]))
            return old
        }
        try auth.session?.flash(
            old == currency ? .info : .success,
            old == currency ? "The currency was already \(currency.label)." : "Budgets are now shown in \(currency.label).")
        return try HTTPResponse.redirect(to: "/app/settings/organization")
    }

    private func render(_ auth: AuthenticatedContext, selected: String, error: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let options: [MustacheValue] = Currency.all.map {
            ["value": .string($0.code), "label": .string($0.label), "selected": .bool($0.code == selected)]
        }
        let model: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/organization"),
            "organizationName": .string(auth.membership.organizationName),
            "currency": [
                "id": "organization-currency", "name": "currency", "label": "Currency of budgets", "isSelect": true,
                "options": .list(options), "required": false, "error": .optional(error), "value": .null, "autocomplete": .null,
                "help": "Campaign budgets are entered and shown in this currency. Changing it converts no amounts.",
            ],
        ]
        return try pages.render("settings/organization", model, context: auth.request, section: .settings, status: status)
    }
}
