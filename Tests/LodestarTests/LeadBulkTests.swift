import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

@Suite struct LeadBulkTests {
    @Test func aBulkStatusChangeMovesTheLeadsItMayAndLeavesOtherOrganizationsAlone() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let a = try kit.lead(email: "a@x.example")
        let b = try kit.lead(email: "b@x.example")
        let won = try kit.lead(email: "won@x.example", status: "converted")
        let foreign = try other.lead(email: "foreign@x.example")
        let browser = kit.browser()
        browser.get("/app/leads?status=new")
        let response = browser.post("/app/leads/bulk", [
            ("id", String(a)), ("id", String(b)), ("id", String(won)), ("id", String(foreign)),
            ("action", "status"), ("status", "contacted"), ("owner", ""), ("back", "status=new&sort=email"),
        ])
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app/leads?status=new&sort=email")
        #expect(try kit.status(of: a) == "contacted")
        #expect(try kit.status(of: b) == "contacted")
        #expect(try kit.status(of: won) == "converted")
        #expect(try other.status(of: foreign) == "new")
        let page = browser.get("/app/leads?status=new&sort=email")
        #expect(page.text.contains("2 leads set to contacted; 2 left as they were"))
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id IN (\(a), \(b)) AND kind = 'status' AND old_value = 'new' AND new_value = 'contacted'") == 2)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id IN (\(won), \(foreign))") == 0)
        #expect(try kit.count("SELECT count(*) FROM audit_log WHERE organization_id = \(kit.organizationID) AND action = 'lead.bulk_status_changed' AND new_values->>'changed' = '2' AND new_values->>'selected' = '4'") == 1)
    }

    @Test func aBulkAssignGivesLeadsToAMemberOrToNobody() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let manager = try kit.world.member(of: kit.organization, role: "manager")
        let browser = kit.browser()
        let managerID = try kit.userID(manager)
        _ = kit.browser(manager)  // signing in makes the membership
        let a = try kit.lead(email: "a@x.example")
        let b = try kit.lead(email: "b@x.example", owner: managerID)
        let foreign = try other.lead(email: "foreign@x.example")
        browser.get("/app/leads")
        #expect(browser.lastResponse?.text.contains(manager) == true)  // offered in the owner select
        let assign = browser.post("/app/leads/bulk", [("id", String(a)), ("id", String(b)), ("id", String(foreign)), ("action", "owner"), ("owner", String(managerID)), ("status", "new")])
        #expect(assign.status == .seeOther)
        #expect(try kit.owner(of: a) == managerID)
        #expect(try kit.owner(of: b) == managerID)
        #expect(try other.owner(of: foreign) == nil)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(a) AND kind = 'owner' AND old_value IS NULL AND new_value = \(manager)") == 1)
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(b)") == 0)
        #expect(browser.get("/app/leads").text.contains("1 lead assigned to \(manager); 2 left as they were"))
        // The other organization's admin is no member here: 422, nothing changes.
        let stranger = try kit.userID(other.admin)
        let refused = browser.post("/app/leads/bulk", [("id", String(a)), ("action", "owner"), ("owner", String(stranger))])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("only be assigned to members"))
        #expect(refused.text.contains(#"value="\#(a)" form="leads-bulk" aria-label="Select a@x.example" checked"#))
        #expect(try kit.owner(of: a) == managerID)
        // Unassigning.
        browser.get("/app/leads")
        #expect(browser.post("/app/leads/bulk", [("id", String(a)), ("action", "owner"), ("owner", "none")]).status == .seeOther)
        #expect(try kit.owner(of: a) == nil)
        #expect(try kit.count("SELECT count(*) FROM audit_log WHERE organization_id = \(kit.organizationID) AND action = 'lead.bulk_assigned'") == 2)
    }

    @Test func aBulkActionNeedsTickedLeadsAndLeadUpdate() throws {
        let kit = try LeadTestKit()
        let a = try kit.lead(email: "a@x.example")
        let browser = kit.browser()
        browser.get("/app/leads")
        let none = browser.post("/app/leads/bulk", [("action", "status"), ("status", "contacted")])
        #expect(none.status == .unprocessableContent)
        #expect(none.text.contains("Tick at least one lead first."))
        #expect(browser.post("/app/leads/bulk", [("id", "abc"), ("action", "status"), ("status", "contacted")]).status == .badRequest)
        #expect(browser.post("/app/leads/bulk", [("id", String(a)), ("action", "delete")]).status == .badRequest)
        let viewer = try kit.world.member(of: kit.organization, role: "viewer")
        let viewerBrowser = kit.browser(viewer)
        viewerBrowser.get("/app/leads")
        #expect(viewerBrowser.post("/app/leads/bulk", [("id", String(a)), ("action", "status"), ("status", "contacted")]).status == .forbidden)
        #expect(try kit.status(of: a) == "new")
    }
}
