import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// Budgets show their currency (issue 17): an organization setting, US dollars by default,
/// that admins change on the organization settings page; every budget on every campaign
/// page follows it.
@Suite struct OrganizationSettingsTests {
    @Test func budgetsShowTheOrganizationsCurrencyWhichAdminsChange() throws {
        let world = try CampaignWorld()
        let id = try world.create(name: "Spring webinar", [("budget", "2500.5")])
        world.admin.get("/app/campaigns/\(id)/edit")
        world.admin.post("/app/campaigns/\(id)", [("name", "Spring webinar"), ("budget", "1234567")])
        // US dollars by default, on the campaign page, its history and the list.
        var page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains("<dt>Budget</dt><dd>USD\u{00A0}1,234,567.00</dd>"))
        #expect(page.contains("USD\u{00A0}2,500.50"))  // the history's old value
        #expect(world.admin.get("/app/campaigns").text.contains("<td class=\"table__number\">USD\u{00A0}1,234,567.00</td>"))
        #expect(world.admin.get("/app/campaigns/new").text.contains("Budget (USD)"))

        let settings = world.admin.get("/app/settings/organization")
        #expect(settings.status == .ok)
        #expect(settings.text.contains(#"<option value="USD" selected>US dollar (USD)</option>"#))
        #expect(settings.text.contains(#"<a href="/app/settings/organization" aria-current="page">Organization</a>"#))
        let saved = world.admin.post("/app/settings/organization", [("currency", "EUR")])
        #expect(saved.status == .seeOther)
        #expect(world.admin.get("/app/settings/organization").text.contains("Budgets are now shown in Euro (EUR)."))
        #expect(try world.pool.query("SELECT currency FROM organizations WHERE id = \(world.organizationID)").single(String.self) == "EUR")
        #expect(try world.accounts.count(
            """
            SELECT count(*) FROM audit_log WHERE organization_id = \(world.organizationID) AND action = 'organization.updated'
              AND old_values->>'currency' = 'USD' AND new_values->>'currency' = 'EUR'
            """) == 1)
        page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains("<dt>Budget</dt><dd>EUR\u{00A0}1,234,567.00</dd>"))
        #expect(world.admin.get("/app/campaigns/\(id)/edit").text.contains("Budget (EUR)"))

        // Not a currency offered: 422, nothing changes.
        let refused = world.admin.post("/app/settings/organization", [("currency", "XYZ")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("Choose one of the currencies in the list."))
        #expect(try world.pool.query("SELECT currency FROM organizations WHERE id = \(world.organizationID)").single(String.self) == "EUR")
    }

    @Test func onlyAdminsChangeTheOrganization() throws {
        let world = try CampaignWorld()
        let manager = try world.member("manager")
        #expect(manager.get("/app/settings/organization").status == .forbidden)
        #expect(manager.post("/app/settings/organization", [("currency", "GBP")]).status == .forbidden)
        #expect(!manager.get("/app/settings/members").text.contains("/app/settings/organization"))
        #expect(try world.pool.query("SELECT currency FROM organizations WHERE id = \(world.organizationID)").single(String.self) == "USD")
    }
}
