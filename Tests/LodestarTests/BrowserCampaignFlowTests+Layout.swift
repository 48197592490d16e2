import Foundation
import Testing
@testable import Lodestar

/// Small layout faults of issue 17, measured in Chromium at a desktop width.
extension BrowserCampaignFlowTests {
    @Test func filterButtonTablesDescriptionAndSelectsSitWhereTheyShould() throws {
        let site = try BrowserSignInTests.Site(settings: Self.settings)
        defer { site.stop() }
        let (organization, email) = try site.member(password: Self.password)
        let (campaignURL, _) = try Self.activeCampaign(organization: organization, pool: site.pool)
        try Self.withBrowser { browser in
            try browser.setWindowSize(width: 1280, height: 900)
            try Self.signIn(browser, site: site, email: email)

            // The campaigns filter: "Show" ends on the line where the search box ends.
            try browser.navigate(to: site.baseURL + "/app/campaigns")
            let bottoms = try browser.execute("""
                var box = function (s) { return document.querySelector(s).getBoundingClientRect(); };
                return [box('#campaign-search').bottom, box('.list-filter button').bottom, box('#campaign-search').height, box('.list-filter button').height];
                """) as? [Double] ?? []
            #expect(bottoms.count == 4 && abs(bottoms[0] - bottoms[1]) <= 1 && abs(bottoms[2] - bottoms[3]) <= 1, "\(bottoms)")

            // A table keeps its distance from the panel below it.
            try browser.navigate(to: site.baseURL + "/app/settings/members")
            let gap = try browser.execute("""
                var wrap = document.querySelector('.table-wrap');
                return wrap.nextElementSibling.getBoundingClientRect().top - wrap.getBoundingClientRect().bottom;
                """) as? Double
            #expect((gap ?? 0) >= 16, "gap \(gap ?? -1)")

            // The members' role select is drawn like the inputs: same border colour, padding, focus ring.
            let select = try browser.execute("""
                var select = getComputedStyle(document.querySelector('select[id^="role-"]'));
                var input = getComputedStyle(document.querySelector('#invite-email'));
                return [select.borderTopColor === input.borderTopColor, parseFloat(select.paddingLeft) >= 8, select.borderTopStyle].join(' ');
                """) as? String
            #expect(select == "true true solid", "\(select ?? "")")
            let ring = try browser.execute("""
                var select = document.querySelector('select[id^="role-"]');
                select.focus();
                var style = getComputedStyle(select);
                return style.outlineStyle + ' ' + style.outlineWidth;
                """) as? String
            #expect(ring == "solid 3px", "\(ring ?? "")")

            // The campaign's description is set apart from the details above it.
            try browser.navigate(to: site.baseURL + campaignURL)
            let space = try browser.execute("""
                var heading = document.querySelector('.details + h3');
                return heading.getBoundingClientRect().top - heading.previousElementSibling.getBoundingClientRect().bottom;
                """) as? Double
            #expect((space ?? 0) >= 12, "space \(space ?? -1)")
        }
    }
}
