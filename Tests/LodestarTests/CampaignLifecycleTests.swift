import Dispatch
import Foundation
import HTTP
import Postgres
import Synchronization
import Testing
import Web
@testable import Lodestar

/// The campaign lifecycle: every allowed and refused status change through the browser,
/// what a change needs (start date, published form), its history and audit rows, two
/// concurrent changes, and deleting drafts.
@Suite struct CampaignLifecycleTests {
    /// The whole table, written out independently of `allowedTransitions`.
    static let allowed: Set<String> = [
        "draft>scheduled", "draft>cancelled",
        "scheduled>active", "scheduled>draft", "scheduled>cancelled",
        "active>paused", "active>completed", "active>cancelled",
        "paused>active", "paused>completed", "paused>cancelled",
    ]

    @Test func everyTransitionIsAllowedOrRefusedThroughTheBrowser() throws {
        let world = try CampaignWorld()
        for from in CampaignStatus.allCases {
            for to in CampaignStatus.allCases {
                let id = try world.insert(name: "\(from.rawValue) to \(to.rawValue)", status: from)
                try world.publishForm(id)
                // Completing and cancelling are confirmed, as their confirmation page does.
                let response = world.admin.post("/app/campaigns/\(id)/status", [("status", to.rawValue), ("confirm", "yes")])
                if Self.allowed.contains("\(from.rawValue)>\(to.rawValue)") {
                    #expect(response.status == .seeOther, "\(from) -> \(to)")
                    #expect(try world.status(id) == to.rawValue, "\(from) -> \(to)")
                    #expect(try world.history(id) == ["status: \(from.rawValue) -> \(to.rawValue)"])
                    #expect(try world.auditCount("campaign.status_changed", campaignID: id) == 1)
                } else {
                    #expect(response.status == .conflict, "\(from) -> \(to)")
                    #expect(try world.status(id) == from.rawValue, "\(from) -> \(to)")
                    #expect(try world.history(id).isEmpty)
                    // The campaign page says why.
                    #expect(response.text.contains(#"<div class="flash flash--error" role="alert">"#))
                }
            }
        }
    }

    @Test func theTableMatchesTheEnum() {
        for from in CampaignStatus.allCases {
            for to in CampaignStatus.allCases {
                #expect(from.canChange(to: to) == Self.allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) -> \(to)")
            }
        }
        #expect(CampaignStatus.allCases.filter(\.isFinal) == [.completed, .cancelled])
    }

    @Test func schedulingNeedsAStartDateAndAPublishedForm() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Needs things", startsOn: nil)
        let refused = world.admin.post("/app/campaigns/\(id)/status", [("status", "scheduled")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("it needs a start date (set one with Edit) and a published form"))
        #expect(try world.status(id) == "draft")

        world.admin.get("/app/campaigns/\(id)/edit")
        world.admin.post("/app/campaigns/\(id)", [("name", "Needs things"), ("starts_on", "2026-09-01")])
        let noForm = world.admin.post("/app/campaigns/\(id)/status", [("status", "scheduled")])
        #expect(noForm.status == .unprocessableContent)
        #expect(noForm.text.contains("it needs a published form"))
        #expect(!noForm.text.contains("a start date"))

        try world.publishForm(id)
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "scheduled")]).status == .seeOther)
        // A scheduled campaign keeps its start date.
        world.admin.get("/app/campaigns/\(id)/edit")
        let undated = world.admin.post("/app/campaigns/\(id)", [("name", "Needs things"), ("starts_on", "")])
        #expect(undated.status == .unprocessableContent)
        #expect(undated.text.contains(#"<p class="field__error" id="campaign-starts-on-error">A scheduled campaign needs a start date"#))
        #expect(try world.campaign(id)?.startsOn == CalendarDate(year: 2026, month: 9, day: 1))
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "active")]).status == .seeOther)
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "paused")]).status == .seeOther)
        let page = world.admin.get("/app/campaigns/\(id)")
        #expect(page.text.contains("is now paused"))
        #expect(page.text.contains(">Resume</button>"))
        #expect(page.text.contains(#"<span class="history-change__old">Active</span> → <span class="history-change__new">Paused</span>"#))
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "active")]).status == .seeOther)
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "completed"), ("confirm", "yes")]).status == .seeOther)
        #expect(try world.history(id).filter { $0.hasPrefix("status") } == [
            "status: draft -> scheduled", "status: scheduled -> active", "status: active -> paused",
            "status: paused -> active", "status: active -> completed",
        ])
        let final = world.admin.post("/app/campaigns/\(id)/status", [("status", "cancelled"), ("confirm", "yes")])
        #expect(final.status == .conflict)
        #expect(final.text.contains("Completed and cancelled campaigns are final"))
    }

    @Test func activatingWithoutAPublishedFormIsRefused() throws {
        let world = try CampaignWorld()
        for from in [CampaignStatus.scheduled, .paused] {
            let id = try world.insert(name: "No form \(from.rawValue)", status: from)
            let response = world.admin.post("/app/campaigns/\(id)/status", [("status", "active")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("cannot become active yet: it needs a published form"))
            #expect(try world.status(id) == from.rawValue)
        }
    }

    @Test func unknownStatusIsABadRequest() throws {
        let world = try CampaignWorld()
        let id = try world.insert(name: "Odd")
        #expect(world.admin.post("/app/campaigns/\(id)/status", [("status", "launched")]).status == .badRequest)
        #expect(world.admin.post("/app/campaigns/\(id)/status", []).status == .badRequest)
    }

    /// The test holds the campaign's row lock while both requests arrive, so they really
    /// overlap: without `FOR UPDATE` both would read "active" and both would apply.
    @Test func twoConcurrentChangesCannotBothApply() throws {
        let world = try CampaignWorld()
        let second = try world.member("manager")
        let holder = try TestDatabase.pool()
        defer { holder.close() }
        for round in 0..<3 {
            let id = try world.insert(name: "Race \(round)", status: .active)
            let browsers = [world.admin, second]
            let targets = ["completed", "cancelled"]
            let statuses = Mutex<[HTTPStatus]>([])
            let group = DispatchGroup()
            try holder.transaction { transaction in
                let pid = try transaction.query(
                    "SELECT pg_backend_pid() FROM campaigns WHERE organization_id = \(world.organizationID) AND id = \(id) FOR UPDATE"
                ).single(Int32.self)
                for index in 0..<2 {
                    DispatchQueue.global().async(group: group) {
                        let status = browsers[index].post("/app/campaigns/\(id)/status", [("status", targets[index]), ("confirm", "yes")]).status
                        statuses.withLock { $0.append(status) }
                    }
                }
                // Release the lock once both requests wait on the campaign row (or after 20 s).
                for _ in 0..<400 {
                    let waiting = try holder.query(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE pid <> \(pid) AND cardinality(pg_blocking_pids(pid)) > 0 AND query ILIKE '%campaigns%'
                        """).single(Int64.self)
                    if waiting >= 2 { break }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            group.wait()
            let answers = statuses.withLock { $0 }
            #expect(answers.filter { $0 == .seeOther }.count == 1, "round \(round): \(answers)")
            #expect(answers.filter { $0 == .conflict }.count == 1, "round \(round): \(answers)")
            #expect(try world.history(id).count == 1)
        }
    }

    @Test func onlyDraftsWithoutLeadsCanBeDeleted() throws {
        let world = try CampaignWorld()
        let draft = try world.create(name: "Short-lived")
        try world.publishForm(draft)
        #expect(world.admin.get("/app/campaigns/\(draft)").text.contains("Delete draft"))
        let deleted = world.admin.post("/app/campaigns/\(draft)/delete", [("confirm", "yes")])
        #expect(deleted.status == .seeOther)
        #expect(deleted.headers["Location"] == "/app/campaigns")
        #expect(try world.campaign(draft) == nil)
        #expect(try world.history(draft).isEmpty)  // the history went with it
        #expect(try world.auditCount("campaign.deleted", campaignID: draft) == 1)
        #expect(world.admin.get("/app/campaigns").text.contains("The draft Short-lived was deleted."))

        let withLeads = try world.insert(name: "Has leads")
        try world.addLead(withLeads)
        #expect(!world.admin.get("/app/campaigns/\(withLeads)").text.contains("Delete draft"))
        let refused = world.admin.post("/app/campaigns/\(withLeads)/delete", [("confirm", "yes")])
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("has leads, so it cannot be deleted"))

        let active = try world.insert(name: "Running", status: .active)
        let running = world.admin.post("/app/campaigns/\(active)/delete", [("confirm", "yes")])
        #expect(running.status == .conflict)
        #expect(running.text.contains("only drafts can be deleted"))
        #expect(try world.campaign(withLeads) != nil)
        #expect(try world.campaign(active) != nil)

        // The history of campaign_history stays append-only outside that cascade.
        #expect(throws: PostgresError.self) {
            try world.pool.execute("DELETE FROM campaign_history WHERE organization_id = \(world.organizationID)")
        }
    }
}
