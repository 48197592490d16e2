import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// Nothing final happens on one click (issue 17): completing, cancelling and deleting a
/// campaign, disqualifying or converting a lead (one or in bulk) ask on a page of their
/// own that says what cannot be undone; a post without its confirmation changes nothing.
/// Bulk actions start on "Choose…" and refuse to run without a choice.
@Suite struct FinalActionConfirmationTests {
    @Test func cancellingACampaignAsksOnAPageOfItsOwnFirst() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Spring webinar", status: .active)
        let page = world.admin.get("/app/campaigns/\(id)").text
        // A link to the confirmation page, styled as the least prominent control.
        #expect(page.contains(
            #"<a class="action-link action-link--danger" href="/app/campaigns/\#(id)/status?status=cancelled" data-confirm>Cancel campaign…</a>"#))
        #expect(page.contains(#"href="/app/campaigns/\#(id)/status?status=completed" data-confirm>Complete…</a>"#))
        #expect(!page.contains("button--danger"))
        #expect(!page.contains(#"value="cancelled""#))

        let confirm = world.admin.get("/app/campaigns/\(id)/status?status=cancelled")
        #expect(confirm.status == .ok)
        #expect(confirm.text.contains("<title>Cancel Spring webinar? · Lodestar</title>"))
        #expect(confirm.text.contains("Its landing page closes at once"))
        #expect(confirm.text.contains(
            "This cannot be undone: a cancelled campaign cannot be reopened, edited or given another status."))
        #expect(confirm.text.contains("To stop it only for a while, pause it instead."))
        #expect(confirm.text.contains(#"<form class="confirm__actions" method="post" action="/app/campaigns/\#(id)/status">"#))
        #expect(confirm.text.contains(#"<input type="hidden" name="confirm" value="yes">"#))
        #expect(confirm.text.contains(#"<input type="hidden" name="status" value="cancelled">"#))
        #expect(confirm.text.contains(#"<a class="button button--quiet" href="/app/campaigns/\#(id)" data-confirm-back>Keep the campaign as it is</a>"#))
        // Nothing happened by looking.
        #expect(try world.status(id) == "active")

        // A post without the confirmation (an old form, a script) only leads to the page.
        let unconfirmed = world.admin.post("/app/campaigns/\(id)/status", [("status", "cancelled")])
        #expect(unconfirmed.status == .seeOther)
        #expect(unconfirmed.headers["Location"] == "/app/campaigns/\(id)/status?status=cancelled")
        #expect(try world.status(id) == "active")
        #expect(try world.history(id).isEmpty)
        #expect(try world.auditCount("campaign.status_changed", campaignID: id) == 0)

        world.admin.get("/app/campaigns/\(id)/status?status=cancelled")
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "cancelled"), ("confirm", "yes")]).status == .seeOther)
        #expect(try world.status(id) == "cancelled")
        let after = world.admin.get("/app/campaigns/\(id)").text
        #expect(after.contains("This campaign is cancelled. Completed and cancelled campaigns are final"))
    }

    @Test func completingAsksFirstAndAStepThatCannotHappenIsRefusedOnTheCampaignPage() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Running", status: .paused)
        let confirm = world.admin.get("/app/campaigns/\(id)/status?status=completed")
        #expect(confirm.text.contains("Complete Running?"))
        #expect(confirm.text.contains("This cannot be undone: a completed campaign cannot be reopened"))
        #expect(!confirm.text.contains("pause it instead"))
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "completed")]).status == .seeOther)
        #expect(try world.status(id) == "paused")

        let draft = try world.insert(name: "Draft")
        let impossible = world.admin.get("/app/campaigns/\(draft)/status?status=completed")
        #expect(impossible.status == .conflict)
        #expect(impossible.text.contains("Draft is draft and cannot become completed."))
        #expect(world.admin.get("/app/campaigns/\(draft)/status?status=finished").status == .badRequest)
        // A step that needs no confirmation has no page: back to the campaign.
        #expect(world.admin.get("/app/campaigns/\(id)/status?status=active").headers["Location"] == "/app/campaigns/\(id)")
        let viewer = try world.member("viewer")
        #expect(viewer.get("/app/campaigns/\(id)/status?status=completed").status == .forbidden)
    }

    @Test func deletingADraftAsksFirst() throws {
        let world = try CampaignWorld()
        let id = try world.create(name: "Short-lived")
        let page = world.admin.get("/app/campaigns/\(id)").text
        #expect(page.contains(#"<a class="action-link action-link--danger" href="/app/campaigns/\#(id)/delete" data-confirm>Delete draft…</a>"#))
        let confirm = world.admin.get("/app/campaigns/\(id)/delete")
        #expect(confirm.text.contains("Delete the draft Short-lived?"))
        #expect(confirm.text.contains("This cannot be undone: a deleted campaign cannot be brought back."))
        let unconfirmed = world.admin.post("/app/campaigns/\(id)/delete", [])
        #expect(unconfirmed.headers["Location"] == "/app/campaigns/\(id)/delete")
        #expect(try world.campaign(id) != nil)
        world.admin.get("/app/campaigns/\(id)/delete")
        #expect(world.admin.post("/app/campaigns/\(id)/delete", [("confirm", "yes")]).headers["Location"] == "/app/campaigns")
        #expect(try world.campaign(id) == nil)
    }

    @Test func disqualifyingOrConvertingALeadAsksFirst() throws {
        let kit = try LeadTestKit()
        let browser = kit.browser()
        for (target, question, button) in [
            ("disqualified", "Disqualify Ann Example?", "Disqualify"), ("converted", "Mark Ann Example converted?", "Mark converted"),
        ] {
            let lead = try kit.lead(email: "ann@example.com", name: "Ann Example", status: "qualified")
            let page = browser.get("/app/leads/\(lead)").text
            #expect(page.contains("Converted and disqualified are final; you are asked to confirm them."))
            let confirm = browser.get("/app/leads/\(lead)/status?status=\(target)")
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("<h1 id=\"confirm-title\">\(question)</h1>"))
            #expect(confirm.text.contains("This cannot be undone: a \(target) lead&#39;s status can no longer change."))
            #expect(confirm.text.contains(">\(button)</button>"))
            #expect(confirm.text.contains("Keep the lead qualified"))
            let unconfirmed = browser.post("/app/leads/\(lead)/status", [("status", target)])
            #expect(unconfirmed.headers["Location"] == "/app/leads/\(lead)/status?status=\(target)")
            #expect(try kit.status(of: lead) == "qualified")
            #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead)") == 0)
            browser.get("/app/leads/\(lead)/status?status=\(target)")
            #expect(browser.post("/app/leads/\(lead)/status", [("status", target), ("confirm", "yes")]).status == .seeOther)
            #expect(try kit.status(of: lead) == target)
        }
        // A final lead has nothing left to confirm: the page says why.
        let done = try kit.lead(email: "done@example.com", status: "converted")
        let refused = browser.get("/app/leads/\(done)/status?status=disqualified")
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("final"))
    }

    @Test func bulkDisqualifyingAsksFirstAndSaysHowManyItTouches() throws {
        let kit = try LeadTestKit()
        let open = try kit.lead(email: "open@example.com")
        let other = try kit.lead(email: "other@example.com", status: "contacted")
        let converted = try kit.lead(email: "won@example.com", status: "converted")
        let browser = kit.browser()
        browser.get("/app/leads?status=new")
        let ids = [open, other, converted].map { ("id", String($0)) }
        let confirm = browser.post("/app/leads/bulk", ids + [("back", "status=new"), ("action", "status"), ("status", "disqualified")])
        #expect(confirm.status == .ok)
        #expect(confirm.text.contains("Disqualify the 3 ticked leads?"))
        #expect(confirm.text.contains("2 of them become disqualified; the others are already converted or disqualified"))
        #expect(confirm.text.contains("This cannot be undone"))
        for id in [open, other, converted] {
            #expect(confirm.text.contains(#"<input type="hidden" name="id" value="\#(id)">"#))
        }
        #expect(confirm.text.contains(#"<a class="button button--quiet" href="/app/leads?status=new" data-confirm-back>"#))
        #expect(try kit.status(of: open) == "new")
        #expect(try kit.count("SELECT count(*) FROM audit_log WHERE organization_id = \(kit.organizationID) AND action = 'lead.bulk_status_changed'") == 0)

        let done = browser.post(
            "/app/leads/bulk", ids + [("back", "status=new"), ("action", "status"), ("status", "disqualified"), ("confirm", "yes")])
        #expect(done.headers["Location"] == "/app/leads?status=new")
        #expect(try [open, other, converted].map(kit.status(of:)) == ["disqualified", "disqualified", "converted"])
    }

    /// Ticking a lead and pressing Assign without choosing anyone used to unassign it.
    @Test func bulkActionsStartOnChooseAndRefuseToRunWithoutAChoice() throws {
        let kit = try LeadTestKit()
        let adminID = try kit.userID(kit.admin)
        let lead = try kit.lead(email: "kept@example.com", owner: adminID)
        let browser = kit.browser()
        let inbox = browser.get("/app/leads").text
        #expect(inbox.contains(#"<select id="bulk-status" name="status"><option value="">Choose…</option><option value="new">"#))
        #expect(inbox.contains(#"<select id="bulk-owner" name="owner"><option value="">Choose…</option><option value="none">Nobody (unassign)</option>"#))

        let noOwner = browser.post("/app/leads/bulk", [("id", String(lead)), ("action", "owner"), ("owner", ""), ("status", "")])
        #expect(noOwner.status == .unprocessableContent)
        #expect(noOwner.text.contains("Choose who gets the ticked leads (or Nobody, to unassign them)."))
        #expect(noOwner.text.contains(#"value="\#(lead)" form="leads-bulk" aria-label="Select kept@example.com" checked"#))
        #expect(try kit.owner(of: lead) == adminID)

        let noStatus = browser.post("/app/leads/bulk", [("id", String(lead)), ("action", "status"), ("owner", ""), ("status", "")])
        #expect(noStatus.status == .unprocessableContent)
        #expect(noStatus.text.contains("Choose the status to give the ticked leads."))
        #expect(try kit.status(of: lead) == "new")
        #expect(try kit.count("SELECT count(*) FROM lead_activities WHERE lead_id = \(lead)") == 0)
    }
}
