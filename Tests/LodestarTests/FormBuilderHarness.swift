import Foundation
import Postgres
import Testing
import Web
@testable import Lodestar

/// An organization with a campaign and a signed-in admin on its form builder.
struct FormBuilderWorld {
    let world: AccountsWorld
    let organization: String
    let organizationID: Int64
    let admin: String
    let campaignID: Int64
    let browser: Browser

    init(campaignName: String = "Spring webinar", status: String = "draft", environment: [String: String] = [:]) throws {
        world = try AccountsWorld(environment: environment)
        (organization, admin) = try world.organizationWithAdmin()
        organizationID = try world.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        campaignID = try Self.campaign(in: organizationID, name: campaignName, status: status, pool: world.pool)
        browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
    }

    /// Inserts a campaign directly (the campaigns pages are another feature's).
    static func campaign(in organizationID: Int64, name: String, status: String = "draft", pool: ConnectionPool) throws -> Int64 {
        let slug = TestDatabase.unique("c-")
        return try pool.query(
            """
            INSERT INTO campaigns (organization_id, name, status, slug) VALUES (\(organizationID), \(name), \(status), \(slug))
            RETURNING id
            """).single(Int64.self)
    }

    var path: String { "/app/campaigns/\(campaignID)/form" }

    /// The stored draft (nil before the builder first opened).
    func draft() throws -> FormDefinition? {
        try world.pool.query(
            "SELECT draft FROM forms WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)"
        ).first?.decode(JSONDocument.self, at: 0).decode(FormDefinition.self)
    }

    func versions() throws -> [Int] {
        try world.pool.query(
            "SELECT version FROM form_versions WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID) ORDER BY version"
        ).map { try $0.decode(Int.self, at: 0) }
    }

    /// Opens the builder (so the CSRF token is fresh) and posts `definition` as the builder
    /// form would send it, with `action` (nil: the Save draft button) and extra pairs.
    @discardableResult
    func post(
        _ definition: FormDefinition, action: String? = "save", to suffix: String = "", extra: [(String, String)] = []
    ) -> TestResponse {
        browser.get(path)
        let replaced = Set(extra.map(\.0))
        var form = BuilderForm.fields(definition).filter { !replaced.contains($0.0) }
        if let action { form.append(("action", action)) }
        return browser.post(path + suffix, form + extra)
    }
}

/// The pairs the builder page sends for a definition (the names in Templates/forms/builder*.mustache).
enum BuilderForm {
    static func fields(_ definition: FormDefinition) -> [(String, String)] {
        var form: [(String, String)] = [
            ("title", definition.title), ("introduction", definition.introduction), ("submit_label", definition.submitLabel),
        ]
        switch definition.completion {
        case .message(let text): form += [("completion", "message"), ("thank_you", text), ("redirect_url", "")]
        case .redirect(let address): form += [("completion", "redirect"), ("thank_you", ""), ("redirect_url", address)]
        }
        for (position, field) in definition.fields.enumerated() {
            let prefix = "f\(position)."
            form += [
                ("field", String(position)), (prefix + "label", field.label), (prefix + "key", field.key),
                (prefix + "type", field.type.rawValue), (prefix + "help", field.help), (prefix + "placeholder", field.placeholder),
                (prefix + "options", field.options.joined(separator: "\r\n")), (prefix + "minimum", field.minimum ?? ""),
                (prefix + "maximum", field.maximum ?? ""), (prefix + "pattern", field.pattern ?? ""),
            ]
            if field.required { form.append((prefix + "required", "on")) }
        }
        form += [("new_type", "text"), ("new_label", "")]
        return form
    }
}

extension TestResponse {
    var location: String? { headers["Location"] }
}
