import Foundation
import HTTP
import Testing
@testable import Lodestar

/// Page views count once per address and form within `FORM_VIEW_DEDUPE_SECONDS` (issue 18,
/// item 5): reloads and scripted GETs from one address do not inflate a campaign's views.
@Suite struct LandingViewCountTests {
    @Test func repeatedViewsFromOneAddressCountOnce() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let other = try world.campaign()
        let visitor = world.client(remoteAddress: "198.51.100.7")
        for _ in 0..<20 { #expect(visitor.get(campaign.path).status == .ok) }
        #expect(visitor.get(other.path).status == .ok)
        // Another address, and the same /64 of an IPv6 visitor (one subscriber) once.
        #expect(world.client(remoteAddress: "198.51.100.8").get(campaign.path).status == .ok)
        #expect(world.client(remoteAddress: "2001:db8:1:2::10").get(campaign.path).status == .ok)
        #expect(world.client(remoteAddress: "2001:db8:1:2::11").get(campaign.path).status == .ok)
        try world.app.landing.views.flush()
        #expect(try world.rollup(campaign, "views") == 3)
        #expect(try world.events(campaign, kind: "form_view") == 3)
        #expect(try world.rollup(other, "views") == 1)

        // FORM_VIEW_DEDUPE_SECONDS=0 counts every view.
        let counting = try LandingWorld(["FORM_VIEW_DEDUPE_SECONDS": "0"])
        let counted = try counting.campaign()
        let reloader = counting.client()
        for _ in 0..<4 { #expect(reloader.get(counted.path).status == .ok) }
        try counting.app.landing.views.flush()
        #expect(try counting.rollup(counted, "views") == 4)
    }
}

/// The memory behind it stays bounded and forgets pairs once their window has passed.
@Suite struct RecentViewersTests {
    @Test func aRepeatWithinTheWindowIsRefusedAndAfterItCountsAgain() {
        let viewers = RecentViewers(window: .seconds(300))
        let start = ContinuousClock.now
        #expect(viewers.admit(address: "203.0.113.5", campaignID: 1, now: start))
        #expect(!viewers.admit(address: "203.0.113.5", campaignID: 1, now: start + .seconds(299)))
        #expect(viewers.admit(address: "203.0.113.5", campaignID: 2, now: start + .seconds(10)))
        #expect(viewers.admit(address: "203.0.113.6", campaignID: 1, now: start + .seconds(10)))
        #expect(viewers.admit(address: "203.0.113.5", campaignID: 1, now: start + .seconds(300)))
    }

    @Test func memoryStaysBoundedUnderAFloodOfAddresses() {
        let viewers = RecentViewers(window: .seconds(300), maximumEntries: 1000, stripes: 4)
        let start = ContinuousClock.now
        for host in 0..<20_000 {
            _ = viewers.admit(address: "10.0.\(host / 256).\(host % 256)", campaignID: 7, now: start)
        }
        #expect(viewers.count <= 1000)
        // Expired pairs make room without losing live ones.
        let later = start + .seconds(400)
        #expect(viewers.admit(address: "192.0.2.1", campaignID: 7, now: later))
        #expect(!viewers.admit(address: "192.0.2.1", campaignID: 7, now: later + .seconds(1)))
    }
}
