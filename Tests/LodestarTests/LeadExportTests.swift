import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

@Suite struct LeadExportTests {
    @Test func theExportIsCSVWithOneColumnPerFormFieldForOneCampaign() throws {
        let kit = try LeadTestKit()
        let campaign = try kit.campaign("Expo, \"2026\"", fields: [
            Lodestar.FormField(key: "email", type: .email, label: "Email", required: true),
            Lodestar.FormField(key: "company", type: .text, label: "Company"),
            Lodestar.FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Ads"]),
        ])
        // Version 2 dropped "company" and added "phone": both keep a column.
        try kit.publish(campaignID: campaign, version: 2, fields: [
            Lodestar.FormField(key: "email", type: .email, label: "Email", required: true),
            Lodestar.FormField(key: "phone", type: .tel, label: "Phone"),
        ])
        let owner = try kit.userID(kit.admin)
        let first = try kit.lead(
            email: "ann@x.example", name: "Smith, Ann", campaignID: campaign, version: 1,
            answers: #"{"email": "ann@x.example", "company": "=cmd|' /C calc'!A0", "topics": ["SEO", "Ads"], "extra": "kept"}"#,
            status: "qualified", owner: owner, created: "2026-02-01 09:30:00+00")
        let second = try kit.lead(
            email: "bob@x.example", name: "Bob \"The\" Builder\nJr", campaignID: campaign, version: 2,
            answers: #"{"email": "bob@x.example", "phone": "+31 6 1234"}"#, created: "2026-02-02 10:00:00+00")
        try kit.lead(email: "elsewhere@x.example", campaignID: try kit.campaign("Other"))
        let response = kit.browser().get("/app/leads/export.csv?campaign=\(campaign)&sort=oldest")
        #expect(response.status == .ok)
        #expect(response.streamError == nil)
        #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
        // The file is named after the campaign.
        let slug = try kit.world.pool.query("SELECT slug::text FROM campaigns WHERE id = \(campaign)").single(String.self)
        let disposition = try #require(response.headers["Content-Disposition"])
        #expect(disposition.hasPrefix("attachment; filename=\"leads-\(slug)-"), "\(disposition)")
        #expect(disposition.hasSuffix(".csv\""))
        // No two columns share a name: the form's own "email" answer is answer.email.
        let expected = [
            "id,created_at,email,name,status,owner_email,campaign,answer.email,phone,company,topics,other_answers",
            "\(first),2026-02-01T09:30:00Z,ann@x.example,\"Smith, Ann\",qualified,\(kit.admin),\"Expo, \"\"2026\"\"\",ann@x.example,,'=cmd|' /C calc'!A0,\"SEO, Ads\",\"{\"\"extra\"\":\"\"kept\"\"}\"",
            "\(second),2026-02-02T10:00:00Z,bob@x.example,\"Bob \"\"The\"\" Builder\nJr\",new,,\"Expo, \"\"2026\"\"\",bob@x.example,'+31 6 1234,,,",
            "",
        ].joined(separator: "\r\n")
        #expect(response.text == expected)
    }

    @Test func withoutACampaignTheAnswersAreOneJSONColumnAndTheFiltersApply() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        try kit.lead(email: "new@x.example", name: "@risky", answers: #"{"a": "1"}"#, created: "2026-01-01 00:00+00")
        try kit.lead(email: "won@x.example", status: "converted", created: "2026-01-02 00:00+00")
        try other.lead(email: "foreign@x.example")
        let browser = kit.browser()
        let all = browser.get("/app/leads/export.csv")
        #expect(all.headers["Content-Disposition"]?.range(of: #"^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$"#, options: .regularExpression) != nil)
        let lines = all.text.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "id,created_at,email,name,status,owner_email,campaign,answers")
        #expect(lines.count == 3)
        #expect(lines[1].contains("won@x.example"))  // newest first, like the inbox
        #expect(lines[2].hasSuffix(#",new@x.example,'@risky,new,,,"{""a"": ""1""}""#))
        #expect(!all.text.contains("foreign@x.example"))
        let filtered = browser.get("/app/leads/export.csv?status=converted")
        #expect(filtered.text.split(separator: "\r\n").count == 2)
        #expect(filtered.text.contains("won@x.example") && !filtered.text.contains("new@x.example"))
        #expect(browser.get("/app/leads/export.csv?status=bogus").status == .badRequest)
    }

    @Test func aLargeExportStreamsEveryRowInBatches() throws {
        let kit = try LeadTestKit()
        try kit.world.pool.execute(
            """
            INSERT INTO leads (organization_id, email, answers)
            SELECT \(kit.organizationID), 'bulk' || n || '@x.example', jsonb_build_object('n', n::text)
            FROM generate_series(1, 1234) n
            """)
        let response = kit.browser().get("/app/leads/export.csv?sort=email")
        #expect(response.status == .ok)
        let lines = response.text.split(separator: "\r\n")
        #expect(lines.count == 1235)
        #expect(Set(lines.dropFirst().map { $0.split(separator: ",")[2] }).count == 1234)
    }

    /// A client that hangs up mid-download makes the next write throw; the cursor's
    /// transaction must then end and its connection go back to the pool.
    @Test func aDownloadCutShortEndsItsTransactionAndFreesItsConnection() throws {
        let kit = try LeadTestKit()
        try kit.world.pool.execute(
            """
            INSERT INTO leads (organization_id, email)
            SELECT \(kit.organizationID), 'cut' || n || '@x.example' FROM generate_series(1, 1500) n
            """)
        let browser = kit.browser()
        browser.get("/app/leads")
        let head = HTTPRequestHead(method: .get, target: "/app/leads/export.csv?q=cut", headers: ["Host": "localhost", "Cookie": browser.cookieHeader])
        // More cut-short downloads than the pool (4 connections) holds.
        for _ in 1...6 {
            let response = browser.client.responder.respond(to: HTTPRequest(head: head), connection: browser.client.connection)
            guard case .stream(let produce) = response.body else {
                Issue.record("the export is not streamed")
                return
            }
            let writer = HangingUpWriter()
            #expect(throws: (any Error).self) { try produce(writer) }
            #expect(writer.writes == 2)
        }
        #expect(try kit.count("SELECT count(*) FROM pg_stat_activity WHERE state <> 'idle' AND query LIKE 'FETCH FORWARD%lead_export%'") == 0)
        let whole = browser.get("/app/leads/export.csv?q=cut")
        #expect(whole.status == .ok)
        #expect(whole.streamError == nil)
        #expect(whole.text.split(separator: "\r\n").count == 1501)
    }

    /// Each streaming export holds a pooled connection: one organization may stream one at
    /// a time (LEAD_EXPORTS_PER_ORGANIZATION), the process a few (LEAD_EXPORTS_MAX). Past
    /// either the answer says to try again, and the slot comes back when a download is
    /// over, even one whose stream never ran (issue 18, item 6).
    @Test func exportsWaitForTheirOrganizationsSlotAndForTheProcesssCap() throws {
        let kit = try LeadTestKit(environment: ["LEAD_EXPORTS_MAX": "3"])
        let organizations = [kit, try kit.otherOrganization(), try kit.otherOrganization(), try kit.otherOrganization()]
        for (number, organization) in organizations.enumerated() { _ = try organization.lead(email: "slot\(number)@x.example") }
        let browsers = organizations.map { $0.browser() }
        func start(_ browser: Browser) -> HTTPResponse {
            browser.get("/app/leads")
            let head = HTTPRequestHead(method: .get, target: "/app/leads/export.csv", headers: ["Host": "localhost", "Cookie": browser.cookieHeader])
            return browser.client.responder.respond(to: HTTPRequest(head: head), connection: browser.client.connection)
        }
        var running = [start(browsers[0])]
        #expect(running[0].status == .ok)
        // The same organization again: its one slot is taken, the others' are not.
        let again = browsers[0].get("/app/leads/export.csv")
        #expect(again.status == .tooManyRequests)
        #expect(again.headers["Retry-After"] == "60")
        #expect(again.text.contains("An export of this organization&#39;s leads is already running"))
        running.append(start(browsers[1]))
        running.append(start(browsers[2]))
        #expect(running.allSatisfy { $0.status == .ok })
        // Three running in all: a fourth organization waits for the process's cap.
        let refused = browsers[3].get("/app/leads/export.csv")
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.headers["Retry-After"] == "60")
        #expect(refused.text.contains("3 exports are already running"))
        running.removeFirst()
        let next = browsers[3].get("/app/leads/export.csv")
        #expect(next.status == .ok)
        #expect(next.text.contains("slot3@x.example"))
        let own = browsers[0].get("/app/leads/export.csv")
        #expect(own.status == .ok)
        #expect(own.text.contains("slot0@x.example"))
    }

    @Test func exportingNeedsLeadExportAndIsAudited() throws {
        let kit = try LeadTestKit()
        try kit.lead(email: "a@x.example", status: "contacted")
        try kit.lead(email: "b@x.example")
        let viewer = try kit.world.member(of: kit.organization, role: "viewer")
        #expect(kit.browser(viewer).get("/app/leads/export.csv").status == .forbidden)
        let analyst = try kit.world.member(of: kit.organization, role: "analyst")
        let analystBrowser = kit.browser(analyst)
        #expect(analystBrowser.get("/app/leads/export.csv?status=contacted&q=x.example").status == .ok)
        // A HEAD request exports nothing and is not audited.
        let head = analystBrowser.client.head("/app/leads/export.csv", headers: ["Cookie": analystBrowser.cookieHeader])
        #expect(head.status == .ok)
        #expect(head.headers["Content-Type"] == "text/csv; charset=utf-8")
        let entry = try kit.world.pool.query(
            """
            SELECT u.email::text, a.new_values::text FROM audit_log a JOIN users u ON u.id = a.actor_user_id
            WHERE a.organization_id = \(kit.organizationID) AND a.action = 'lead.exported'
            """)
        #expect(entry.count == 1)
        let (actor, values) = try #require(entry.first).decode(String.self, String.self)
        #expect(actor == analyst)
        #expect(values.contains(#""rows": "1""#))
        #expect(values.contains(#""status": "contacted""#))
        #expect(values.contains(#""q": "x.example""#))
    }
}

/// A download whose client leaves after the first chunk: the second write throws, as the
/// server's stream does once the connection is gone.
private final class HangingUpWriter: ResponseBodyWriter, @unchecked Sendable {
    private(set) var writes = 0

    struct Gone: Error {}

    func write(_ bytes: [UInt8]) throws {
        writes += 1
        if writes > 1 { throw Gone() }
    }
}
