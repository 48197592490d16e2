import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

@Suite struct WhitelistTests {
    @Test func patternsAreValidated() {
        #expect(WhitelistPattern.normalize(" Ann@Example.COM ") == "ann@example.com")
        #expect(WhitelistPattern.normalize("@example.co.uk") == "@example.co.uk")
        #expect(WhitelistPattern.normalize("example.com") == nil)
        #expect(WhitelistPattern.normalize("@localhost") == nil)
        #expect(WhitelistPattern.normalize("a@b@c.com") == nil)
        #expect(WhitelistPattern.normalize("ann smith@example.com") == nil)
        #expect(WhitelistPattern.email("@example.com") == nil)
    }

    @Test func exactAndDomainEntriesLetPeopleIn() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let domain = "@" + TestDatabase.unique("d") + ".example"
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        #expect(browser.post("/app/settings/whitelist", [("pattern", domain.uppercased()), ("role", "analyst")]).status == .seeOther)
        let list = browser.get("/app/settings/whitelist")
        #expect(list.text.contains(domain))
        #expect(list.text.contains(admin))  // who added it
        let invalid = browser.post("/app/settings/whitelist", [("pattern", "not-an-email"), ("role", "viewer")])
        #expect(invalid.status == .unprocessableContent)
        #expect(invalid.text.contains("@example.com"))

        let service = AccountService(pool: world.pool, settings: world.app.configuration.access)
        // A domain entry admits nobody until the domain is proved (DomainVerificationTests).
        #expect(try service.whitelistMatches(email: "someone" + domain).isEmpty)
        try world.pool.execute("UPDATE whitelist_entries SET verified_at = now() WHERE pattern = \(domain)::citext")
        let byDomain = try service.whitelistMatches(email: "someone" + domain)
        #expect(byDomain.map(\.role) == [.analyst])
        #expect(byDomain.first?.organizationName == organization)
        // An exact entry wins over the domain entry in the same organization.
        _ = try world.administration.addToWhitelist("boss" + domain, organizationName: organization, role: "manager")
        #expect(try service.whitelistMatches(email: "BOSS" + domain).map(\.role) == [.manager])
        #expect(try service.whitelistMatches(email: "someone@elsewhere.example").isEmpty)

        // A whitelisted person with an account joins with the entry's role at sign-in.
        let newcomer = try world.member(of: organization, role: "viewer", email: "new" + domain)
        let newcomerBrowser = world.browser()
        #expect(newcomerBrowser.signIn(newcomer, AccountsWorld.password).status == .seeOther)
        #expect(newcomerBrowser.get("/app").text.contains("Viewer in"))

        // Members page: inviting a whitelisted email lists the invitation; others are refused.
        browser.get("/app/settings/members")
        #expect(browser.post("/app/settings/members", [("email", "third" + domain), ("role", "analyst")]).status == .seeOther)
        let members = browser.get("/app/settings/members").text
        #expect(members.contains("third\(domain) is invited as Analyst"))
        #expect(members.contains("Waiting for an answer"))
        let refused = browser.post("/app/settings/members", [("email", "x@not-listed.example"), ("role", "viewer")])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.text.contains("not on this organization"))

        // Removing an entry is audited.
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(domain)::citext").single(Int64.self)
        #expect(browser.post("/app/settings/whitelist/\(id)/remove", [("confirm", "yes")]).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'whitelist.removed' AND entity_id = \(domain)") == 1)
    }

    @Test func auditPageFiltersAndShowsChanges() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        browser.post("/app/settings/whitelist", [("pattern", "audited@example.org"), ("role", "viewer")])
        let all = browser.get("/app/settings/audit")
        #expect(all.status == .ok)
        #expect(all.text.contains("whitelist.added"))
        #expect(all.text.contains("user.signed_in"))
        let filtered = browser.get("/app/settings/audit?action=whitelist.added")
        #expect(filtered.text.contains("pattern: audited@example.org, role: viewer"))
        #expect(!filtered.text.contains("<code>user.signed_in</code>"))
        let notADate = browser.get("/app/settings/audit?from=yesterday")
        #expect(notADate.status == .ok)
        #expect(notADate.text.contains("“yesterday” is not a date; write dates as YYYY-MM-DD. Showing entries of every date."))
    }

    @Test func createAdminIsIdempotentAndChecksThePassword() throws {
        let world = try AccountsWorld()
        let organization = TestDatabase.unique("Org ")
        let email = TestDatabase.unique("root") + "@example.com"
        #expect(throws: AdministrationError.self) {
            try world.administration.createAdmin(email: email, organizationName: organization, password: "password1234")
        }
        let first = try world.administration.createAdmin(email: email, organizationName: organization, password: AccountsWorld.password)
        #expect(first.contains("created organization \(organization)"))
        #expect(first.contains("created user \(email)"))
        let again = try world.administration.createAdmin(email: email.uppercased(), organizationName: organization, password: "another long passphrase 99")
        #expect(again.contains("\(email) was already an admin of \(organization)"))
        #expect(try world.count("SELECT count(*) FROM users WHERE email = \(email)::citext") == 1)
        #expect(world.browser().signIn(email, AccountsWorld.password).status == .seeOther)
        let lines = try world.administration.listWhitelist(organizationName: organization)
        #expect(lines.count == 1 && lines[0].hasPrefix("\(email)\tadmin"))
        #expect(throws: AdministrationError.self) {
            try world.administration.addToWhitelist("@x.example", organizationName: TestDatabase.unique("Missing "), role: "viewer")
        }
    }
}
