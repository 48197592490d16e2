import Postgres
import Testing
import Web
@testable import Lodestar

/// The calendar's steps (the `campaigns.schedule` job of `lodestar worker`): scheduled -> active on the start date with a
/// published form; active or paused -> completed after the end date. The tests run the
/// schedule on a 1990 calendar so it never moves other tests' campaigns (dated 2026 on),
/// one test at a time because each run goes over every organization.
@Suite(.serialized) struct CampaignScheduleTests {
    static let today = CalendarDate(year: 1990, month: 1, day: 10)

    /// One run of the `campaigns.schedule` job's work on the 1990 calendar.
    private func runSchedule(_ world: CampaignWorld) throws -> [CampaignSchedule.Step] {
        try CampaignScheduleJob.run(
            database: Database(pool: world.pool), today: Self.today ?? CalendarDate(daysSince1970: 0), log: LogWriter { _ in })
    }

    private func campaign(
        _ world: CampaignWorld, _ status: CampaignStatus, starts: String?, ends: String?, published: Bool = true
    ) throws -> Int64 {
        let id = try world.insert(name: "\(status.rawValue) \(starts ?? "-") \(ends ?? "-")", status: status, startsOn: starts.flatMap(CalendarDate.init))
        try world.pool.execute(
            "UPDATE campaigns SET ends_on = \(ends.flatMap(CalendarDate.init)) WHERE organization_id = \(world.organizationID) AND id = \(id)")
        if published { try world.publishForm(id) }
        return id
    }

    @Test func aScheduledCampaignStartsOnItsStartDateOnlyWithAPublishedForm() throws {
        let world = try CampaignWorld()
        let due = try campaign(world, .scheduled, starts: "1990-01-10", ends: nil)
        let overdue = try campaign(world, .scheduled, starts: "1990-01-02", ends: "1990-02-01")
        let later = try campaign(world, .scheduled, starts: "1990-01-11", ends: nil)
        let formless = try campaign(world, .scheduled, starts: "1990-01-01", ends: nil, published: false)
        let steps = try runSchedule(world).filter { $0.organizationID == world.organizationID }
        #expect(Set(steps.map(\.campaignID)) == [due, overdue])
        #expect(try world.status(due) == "active")
        #expect(try world.status(overdue) == "active")
        #expect(try world.status(later) == "scheduled")
        #expect(try world.status(formless) == "scheduled")
        #expect(try world.history(due).last == "status: scheduled -> active")
        #expect(try world.auditCount("campaign.status_changed", campaignID: due) == 1)
        let page = world.admin.get("/app/campaigns/\(due)")
        #expect(page.text.contains("<td>Lodestar</td>"))
    }

    @Test func aRunningCampaignIsCompletedTheDayAfterItsEndDate() throws {
        let world = try CampaignWorld()
        let ended = try campaign(world, .active, starts: "1989-12-01", ends: "1990-01-09")
        let pausedEnded = try campaign(world, .paused, starts: "1989-12-01", ends: "1990-01-01")
        let lastDay = try campaign(world, .active, starts: "1989-12-01", ends: "1990-01-10")
        let cancelled = try campaign(world, .cancelled, starts: "1989-12-01", ends: "1990-01-01")
        let steps = try runSchedule(world).filter { $0.organizationID == world.organizationID }
        #expect(Set(steps.map(\.campaignID)) == [ended, pausedEnded])
        #expect(try world.status(ended) == "completed")
        #expect(try world.status(pausedEnded) == "completed")
        #expect(try world.status(lastDay) == "active")
        #expect(try world.status(cancelled) == "cancelled")
        #expect(try world.history(pausedEnded).last == "status: paused -> completed")
        // A second run finds nothing more to do.
        #expect(try runSchedule(world).filter { $0.organizationID == world.organizationID }.isEmpty)
    }

    @Test func theScheduleReachesEveryOrganizationAndOnlyItsOwnRows() throws {
        let first = try CampaignWorld()
        let second = try CampaignWorld(accounts: first.accounts)
        let a = try campaign(first, .scheduled, starts: "1990-01-05", ends: nil)
        let b = try campaign(second, .scheduled, starts: "1990-01-05", ends: nil)
        let steps = try runSchedule(first)
        #expect(steps.contains { $0.organizationID == first.organizationID && $0.campaignID == a })
        #expect(steps.contains { $0.organizationID == second.organizationID && $0.campaignID == b })
        #expect(try first.history(a).last == "status: scheduled -> active")
        #expect(try second.history(b).last == "status: scheduled -> active")
    }
}
