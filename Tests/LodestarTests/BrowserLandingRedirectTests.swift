import Foundation
import HTTP
import HTTPServer
import Postgres
import Testing
@testable import Lodestar

/// Issue 18, item 13, in headless Chromium against the real server: a form whose completion
/// is a redirect to another site takes the prospect there after submitting, even when that
/// site redirects again (as many do: http to https, a link tracker). The other site is a
/// second server on loopback (another port is another origin, as far as CSP goes). Needs
/// what `make test` provides.
@Suite(.serialized) struct BrowserLandingRedirectTests {
    /// The marketer's site: `/go` redirects to `/thanks`, which shows a page and the query.
    struct TargetSite: HTTPResponder {
        func bodyLimit(for head: HTTPRequestHead) -> Int { 0 }

        func respond(to request: HTTPRequest, connection: ConnectionInfo) -> HTTPResponse {
            let target = request.head.target
            if target.hasPrefix("/go") {
                let query = target.firstIndex(of: "?").map { String(target[$0...]) } ?? ""
                return HTTPResponse(status: .found, headers: ["Location": "/thanks" + query], body: .bytes([]))
            }
            let page = "<!doctype html><title>Target</title><h1 id=target>Thanks from the marketer's site</h1><p id=query>\(target)</p>"
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(page.utf8)))
        }
    }

    @Test func aProspectEndsUpOnTheFormsRedirectAddress() throws {
        let site = try BrowserSignInTests.Site()
        defer { site.stop() }
        let targetServer = try LoopbackServer.start(TargetSite())
        defer { LoopbackServer.stop(targetServer) }
        let targetBase = "http://127.0.0.1:\(targetServer.boundPort)"

        var definition = LandingWorld.definition
        definition.completion = .redirect(targetBase + "/go?from=landing")
        let (organizationID, campaignID, slug) = try Self.activeCampaign(site, definition: definition)

        let driver = try ChromeDriver.start()
        defer { driver.stop() }
        let browser = try driver.newSession()
        defer { browser.delete() }
        try browser.navigate(to: site.baseURL + "/f/" + slug)
        try browser.element("#field-email").sendKeys("grace@example.com")
        try browser.element("#landing-form button[type=submit]").click()

        let arrived = try browser.waitForURL { $0.hasPrefix(targetBase + "/thanks") }
        #expect(arrived == targetBase + "/thanks?from=landing")
        #expect(try browser.element("#target").text == "Thanks from the marketer's site")
        #expect(try site.pool.query(
            "SELECT count(*) FROM leads WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID) AND email = 'grace@example.com'"
        ).single(Int64.self) == 1)
    }

    /// An active campaign of a new organization with `definition` published; its ids and slug.
    static func activeCampaign(
        _ site: BrowserSignInTests.Site, definition: FormDefinition
    ) throws -> (organizationID: Int64, campaignID: Int64, slug: String) {
        let (organization, _) = try site.member(password: BrowserSignInTests.password)
        let slug = TestDatabase.unique("landing-")
        return try site.pool.transaction { transaction in
            let organizationID = try transaction.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
            let campaignID = try transaction.query(
                "INSERT INTO campaigns (organization_id, name, status, slug) VALUES (\(organizationID), 'Landing', 'active', \(slug)) RETURNING id"
            ).single(Int64.self)
            try transaction.execute(
                """
                INSERT INTO form_versions (organization_id, campaign_id, version, definition)
                VALUES (\(organizationID), \(campaignID), 1, \(try JSONDocument(encoding: definition)))
                """)
            return (organizationID, campaignID, slug)
        }
    }
}
