import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// The audit log names things (issue 17): campaigns, leads, people and organizations by
/// name (with a link while they exist), actions in words, and a select of actions to filter by.
@Suite struct AuditLogNamesTests {
    @Test func entriesNameWhatTheyConcern() throws {
        let world = try CampaignWorld()
        let id = try world.create(name: "Spring Product Webinar")
        let gone = try world.create(name: "Short-lived draft")
        world.admin.get("/app/campaigns/\(gone)/delete")
        world.admin.post("/app/campaigns/\(gone)/delete", [("confirm", "yes")])
        try world.addLead(id)
        let lead = try world.pool.query("SELECT id FROM leads WHERE campaign_id = \(id)").single(Int64.self)
        try world.pool.execute("UPDATE leads SET name = 'Ann Example' WHERE id = \(lead)")
        world.admin.get("/app/leads/\(lead)")
        world.admin.post("/app/leads/\(lead)/status", [("status", "contacted")])
        try world.pool.execute(
            """
            INSERT INTO audit_log (organization_id, action, entity_type, entity_id)
            VALUES (\(world.organizationID), 'organization.created', 'organization', \(String(world.organizationID)))
            """)

        let page = world.admin.get("/app/settings/audit").text
        #expect(page.contains(#"<a href="/app/campaigns/\#(id)">Campaign Spring Product Webinar</a>"#))
        #expect(page.contains("Campaign created<br><code>campaign.created</code>"))
        // Deleted: named by what its entry recorded, without a link.
        #expect(page.contains("<td>Campaign Short-lived draft</td>"))
        #expect(page.contains(#"<a href="/app/leads/\#(lead)">Lead Ann Example</a>"#))
        #expect(page.contains("<td>Organization \(world.organization)</td>"))
        #expect(!page.contains("organization \(world.organizationID)"))
        #expect(page.contains("User signed in<br><code>user.signed_in</code>"))
    }

    @Test func actionsAreChosenFromASelect() throws {
        let world = try CampaignWorld()
        _ = try world.create(name: "Filtered")
        let all = world.admin.get("/app/settings/audit").text
        #expect(all.contains(#"<select id="action" name="action"><option value="" selected>Any action</option>"#))
        #expect(all.contains(#"<option value="campaign.status_changed">Campaign status changed</option>"#))
        let filtered = world.admin.get("/app/settings/audit?action=campaign.created").text
        #expect(filtered.contains(#"<option value="campaign.created" selected>Campaign created</option>"#))
        #expect(filtered.contains("<code>campaign.created</code>"))
        #expect(!filtered.contains("<code>user.signed_in</code>"))
        // An action the list does not know (from a newer version, say) stays chosen.
        let unknown = world.admin.get("/app/settings/audit?action=report.sent").text
        #expect(unknown.contains(#"<option value="report.sent" selected>Report sent</option>"#))
        #expect(unknown.contains("No entries match."))
    }
}
