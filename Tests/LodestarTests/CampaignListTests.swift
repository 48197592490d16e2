import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The campaign list: status tabs with counts, name search, order, pages, lead counts and
/// the empty state.
@Suite struct CampaignListTests {
    @Test func emptyListOffersNewCampaignOnlyToThoseWhoMayCreate() throws {
        let world = try CampaignWorld()
        let admin = world.admin.get("/app/campaigns")
        #expect(admin.status == .ok)
        #expect(admin.text.contains("No campaigns yet"))
        #expect(admin.text.contains(#"<a class="button" href="/app/campaigns/new">New campaign</a>"#))
        #expect(admin.text.contains(#"<a href="/app/campaigns" aria-current="page">Campaigns</a>"#))
        let viewer = try world.member("viewer").get("/app/campaigns")
        #expect(viewer.status == .ok)
        #expect(viewer.text.contains("No campaigns yet"))
        #expect(!viewer.text.contains("/app/campaigns/new"))
    }

    @Test func statusTabsCountAndFilter() throws {
        let world = try CampaignWorld()
        let counts: [CampaignStatus: Int] = [.draft: 3, .active: 2, .paused: 1, .completed: 1]
        for (status, count) in counts {
            for index in 0..<count { _ = try world.insert(name: "\(status.label) \(index)", status: status) }
        }
        let all = world.admin.get("/app/campaigns")
        #expect(Self.tabCount(all.text, "All") == 7)
        #expect(Self.tabCount(all.text, "Draft") == 3)
        #expect(Self.tabCount(all.text, "Active") == 2)
        #expect(Self.tabCount(all.text, "Scheduled") == 0)
        #expect(Self.rowCount(all.text) == 7)

        let active = world.admin.get("/app/campaigns?status=active")
        #expect(Self.rowCount(active.text) == 2)
        #expect(Self.tabCount(active.text, "Draft") == 3)  // the other tabs keep their counts
        #expect(active.text.contains(#"<a href="/app/campaigns?status=active" aria-current="page">"#))
        let scheduled = world.admin.get("/app/campaigns?status=scheduled")
        #expect(scheduled.text.contains("No campaigns match"))
        #expect(world.admin.get("/app/campaigns?status=bogus").status == .badRequest)
        #expect(world.admin.get("/app/campaigns?sort=bogus").status == .badRequest)
    }

    @Test func searchFindsPartsOfNamesInAnyCase() throws {
        let world = try CampaignWorld()
        _ = try world.insert(name: "Spring Webinar")
        _ = try world.insert(name: "Autumn webinar")
        _ = try world.insert(name: "Winter sale")
        _ = try world.insert(name: "100% off")
        let found = world.admin.get("/app/campaigns?q=WEBINAR")
        #expect(Self.rowCount(found.text) == 2)
        #expect(found.text.contains("Spring Webinar"))
        #expect(!found.text.contains("Winter sale"))
        #expect(Self.tabCount(found.text, "All") == 2)
        #expect(found.text.contains(#"value="WEBINAR""#))
        // LIKE wildcards are taken literally.
        let percent = world.admin.get("/app/campaigns?q=%25")
        #expect(Self.rowCount(percent.text) == 1)
        #expect(percent.text.contains("100% off"))
        #expect(Self.rowCount(world.admin.get("/app/campaigns?q=_").text) == 0)
        // Search and status combine.
        #expect(Self.rowCount(world.admin.get("/app/campaigns?q=webinar&status=active").text) == 0)
    }

    @Test func pagesOfTwentyFiveNewestFirstWithLeadCounts() throws {
        let world = try CampaignWorld()
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        var ids: [Int64] = []
        for index in 0..<30 {
            ids.append(try world.insert(name: String(format: "Campaign %02d", index), createdAt: start.addingTimeInterval(Double(index) * 60)))
        }
        for _ in 0..<3 { try world.addLead(ids[29]) }
        let first = world.admin.get("/app/campaigns")
        #expect(Self.rowCount(first.text) == 25)
        #expect(first.text.contains("Page 1 of 2"))
        #expect(first.text.contains(#"href="/app/campaigns?page=2" rel="next""#))
        let newest = try #require(first.text.range(of: "Campaign 29"))
        let older = try #require(first.text.range(of: "Campaign 10"))
        #expect(newest.lowerBound < older.lowerBound)
        #expect(!first.text.contains("Campaign 04"))
        #expect(first.text.contains(#"<td class="table__number">3</td>"#))

        let second = world.admin.get("/app/campaigns?page=2")
        #expect(Self.rowCount(second.text) == 5)
        #expect(second.text.contains("Campaign 00"))
        #expect(second.text.contains(#"href="/app/campaigns" rel="prev""#))

        let oldestFirst = world.admin.get("/app/campaigns?sort=oldest&page=2")
        #expect(oldestFirst.text.contains("Campaign 29"))
        #expect(oldestFirst.text.contains(#"href="/app/campaigns?sort=oldest" rel="prev""#))
        #expect(world.admin.get("/app/campaigns?page=x").status == .badRequest)
        #expect(world.admin.get("/app/campaigns?page=9").text.contains("There is no page 9"))
    }

    @Test func rowsLinkToTheCampaignAndItsLandingPage() throws {
        let world = try CampaignWorld()
        let slug = TestDatabase.unique("row-")
        let id = try world.create(name: "Linked", [("slug", slug), ("budget", "1234567.8"), ("starts_on", "2026-02-01")])
        let list = world.admin.get("/app/campaigns")
        #expect(list.text.contains(#"<a href="/app/campaigns/\#(id)">Linked</a>"#))
        #expect(list.text.contains(#"<a href="/f/\#(slug)">/f/\#(slug)</a>"#))
        #expect(list.text.contains(#"<span class="badge badge--draft">Draft</span>"#))
        #expect(list.text.contains("1,234,567.80"))
        #expect(list.text.contains("2026-02-01"))
    }

    /// The number shown on a status tab (`Label <span ...>N</span>`).
    static func tabCount(_ html: String, _ label: String) -> Int? {
        guard let range = html.range(of: "\(label) <span class=\"status-tabs__count\">") else { return nil }
        return Int(html[range.upperBound...].prefix { $0.isNumber })
    }

    static func rowCount(_ html: String) -> Int {
        html.components(separatedBy: "<td><a href=\"/app/campaigns/").count - 1
    }
}
