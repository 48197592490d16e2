import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The small API other features use to show campaigns (leads, dashboard).
@Suite struct CampaignRepositoryTests {
    @Test func campaignsLoadOnlyInTheirOwnOrganization() throws {
        let accounts = try AccountsWorld()
        let a = try CampaignWorld(accounts: accounts)
        let b = try CampaignWorld(accounts: accounts)
        let first = try a.create(name: "Zeta", [("budget", "10"), ("starts_on", "2026-01-02")])
        let second = try a.insert(name: "alpha", status: .active)
        let foreign = try b.insert(name: "Elsewhere")
        let database = Database(pool: accounts.pool)
        try database.tenant(organizationID: a.organizationID) { transaction in
            let campaign = try #require(try transaction.campaign(id: first, organizationID: a.organizationID))
            #expect(campaign.name == "Zeta")
            #expect(campaign.status == .draft)
            #expect(campaign.budget == Numeric(cents: 1000))
            #expect(campaign.startsOn == CalendarDate(year: 2026, month: 1, day: 2))
            #expect(campaign.pageURL == "/app/campaigns/\(first)")
            #expect(campaign.landingURL == "/f/\(campaign.slug)")
            #expect(try transaction.campaign(id: foreign, organizationID: a.organizationID) == nil)
            // Even asking with the other organization's id finds nothing: the policies scope the transaction.
            #expect(try transaction.campaign(id: foreign, organizationID: b.organizationID) == nil)
            let batch = try transaction.campaigns(ids: [first, second, foreign], organizationID: a.organizationID)
            #expect(Set(batch.keys) == [first, second])
            #expect(try transaction.campaignChoices(organizationID: a.organizationID).map(\.name) == ["alpha", "Zeta"])
        }
    }
}
