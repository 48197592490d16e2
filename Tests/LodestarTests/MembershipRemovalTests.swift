import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// An admin's removal or role change holds: signing in again (password or Google) while
/// the whitelist still admits the person brings nothing back; only inviting them again
/// does. The removal page says what the whitelist still admits and can remove that too.
@Suite struct MembershipRemovalTests {
    private func memberships(_ world: AccountsWorld, _ email: String, in organization: String) throws -> Int {
        try world.count("""
            SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.organization_id
            WHERE u.email = \(email)::citext AND o.name = \(organization)::citext
            """)
    }

    @Test func aRemovedMemberStaysRemovedAfterSigningInAgainUntilInvitedAgain() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let member = try world.member(of: organization, role: "manager")
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)
        let memberID = try world.userID(member)

        let adminBrowser = world.browser()
        adminBrowser.signIn(admin, AccountsWorld.password)
        let page = adminBrowser.get("/app/settings/members/\(memberID)/remove")
        #expect(page.status == .ok)
        #expect(page.text.contains("The whitelist still admits \(member)."))
        #expect(page.text.contains(#"<span class="site-nav__org">\#(organization)</span>"#))  // the layout's keys are intact
        #expect(page.text.contains(#"name="remove_entry""#))
        #expect(adminBrowser.post("/app/settings/members/\(memberID)/remove", []).status == .seeOther)
        #expect(adminBrowser.get("/app/settings/members").text.contains("The whitelist still admits them but will not bring them back"))
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'member.removed' AND entity_id = \(String(memberID))") == 1)

        // The whitelist still admits them; the removal holds anyway, and nothing is made for them.
        let again = world.browser().signIn(member, AccountsWorld.password)
        #expect(again.status == .forbidden)
        #expect(again.text.contains(AccountService.accessWithdrawnMessage))
        #expect(try memberships(world, member, in: organization) == 0)
        #expect(try world.count("SELECT count(*) FROM invitations WHERE email = \(member)::citext") == 0)

        // The members page lists the removal; inviting again is the way back, at the role chosen.
        let members = adminBrowser.get("/app/settings/members").text
        #expect(members.contains("Removed"))
        #expect(members.contains("Invite again as Manager"))
        #expect(adminBrowser.post("/app/settings/members", [("email", member), ("role", "viewer")]).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM membership_removals WHERE user_id = \(memberID)") == 0)
        let back = world.browser()
        #expect(back.signIn(member, AccountsWorld.password).headers["Location"] == "/invitations")
        let invitationID = try world.pool.query("SELECT id FROM invitations WHERE email = \(member)::citext").single(Int64.self)
        back.get("/invitations")
        #expect(back.post("/invitations/\(invitationID)/accept", []).headers["Location"] == "/app")
        #expect(back.get("/app").text.contains("Viewer in \(organization)"))
    }

    @Test func aRemovedMemberStaysRemovedAfterGoogleSignIn() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("ines") + "@example.com"
        let organization = try world.organization(whitelisting: email, role: .manager)
        #expect(try world.signIn(as: email).headers["Location"] == "/app")
        world.cookies = [:]

        let admin = TestDatabase.unique("admin") + "@example.com"
        _ = try AccountAdministration(pool: world.pool).createAdmin(email: admin, organizationName: organization, password: AccountsWorld.password)
        let adminBrowser = Browser(app: world.app)
        adminBrowser.signIn(admin, AccountsWorld.password)
        let memberID = try world.pool.query("SELECT id FROM users WHERE email = \(email)::citext").single(Int64.self)
        adminBrowser.get("/app/settings/members/\(memberID)/remove")
        #expect(adminBrowser.post("/app/settings/members/\(memberID)/remove", []).status == .seeOther)

        let refused = try world.signIn(as: email)
        #expect(refused.status == .forbidden)
        #expect(refused.text.contains(AccountService.accessWithdrawnMessage))
        #expect(try world.count("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = \(email)::citext") == 0)
        #expect(world.get("/app").status == .seeOther)
    }

    @Test func aDemotedMemberKeepsTheDemotion() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        // The whitelist says admin; an admin demotes them to viewer.
        let member = try world.member(of: organization, role: "admin")
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)
        let memberID = try world.userID(member)
        let adminBrowser = world.browser()
        adminBrowser.signIn(admin, AccountsWorld.password)
        adminBrowser.get("/app/settings/members")
        #expect(adminBrowser.post("/app/settings/members/\(memberID)/role", [("role", "viewer")]).status == .seeOther)
        #expect(adminBrowser.get("/app/settings/members").text.contains("set by \(admin)"))

        let browser = world.browser()
        #expect(browser.signIn(member, AccountsWorld.password).status == .seeOther)
        #expect(browser.get("/app").text.contains("Viewer in \(organization)"))
        #expect(browser.get("/app/settings/whitelist").status == .forbidden)

        // Removed after the demotion, they do not come back as the whitelist's admin either.
        adminBrowser.get("/app/settings/members/\(memberID)/remove")
        #expect(adminBrowser.post("/app/settings/members/\(memberID)/remove", []).status == .seeOther)
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .forbidden)
        #expect(try world.count("SELECT count(*) FROM memberships WHERE user_id = \(memberID) AND role_key = 'admin'") == 0)
    }

    @Test func theRemovalPageOffersTheWhitelistEntriesAndSaysWhatADomainEntryAffects() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let domain = "@" + TestDatabase.unique("team") + ".example"
        _ = try world.administration.addToWhitelist(domain, organizationName: organization, role: "viewer", trusted: true)
        let kim = try world.member(of: organization, role: "analyst", email: "kim" + domain)
        let lee = try world.member(of: organization, role: "viewer", email: "lee" + domain)
        _ = try world.pool.execute("DELETE FROM whitelist_entries WHERE pattern = \(lee)::citext")
        for person in [kim, lee] { #expect(world.browser().signIn(person, AccountsWorld.password).status == .seeOther) }
        let exactID = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(kim)::citext").single(Int64.self)
        let domainID = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(domain)::citext").single(Int64.self)

        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let kimID = try world.userID(kim)
        let page = browser.get("/app/settings/members/\(kimID)/remove").text
        #expect(page.contains(#"value="\#(exactID)""#) && page.contains(#"value="\#(domainID)""#))
        #expect(page.contains("This entry is for everyone at \(domain.dropFirst()), not only \(kim)."))
        #expect(page.contains("1 other current member is admitted only by it and would lose access to \(organization)."))

        // An entry that does not name the member is refused, and nothing changes.
        let adminEntry = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(admin)::citext").single(Int64.self)
        #expect(browser.post("/app/settings/members/\(kimID)/remove", [("remove_entry", String(adminEntry))]).status == .badRequest)
        #expect(try memberships(world, kim, in: organization) == 1)

        // The exact entry goes with the member; the domain entry (lee's way in) stays.
        #expect(browser.post("/app/settings/members/\(kimID)/remove", [("remove_entry", String(exactID))]).status == .seeOther)
        #expect(browser.get("/app/settings/members").text.contains("Removed from the whitelist too: \(kim)."))
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id IN (\(exactID), \(domainID))") == 1)
        #expect(try world.count("""
            SELECT count(*) FROM audit_log WHERE action = 'member.removed' AND entity_id = \(String(kimID))
              AND new_values->>'whitelist_entries_removed' = \(kim)
            """) == 1)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'whitelist.removed' AND entity_id = \(kim)") == 1)
        #expect(world.browser().signIn(lee, AccountsWorld.password).status == .seeOther)

        // Removing lee with the domain entry: nobody else depends on it now, and it goes.
        let leeID = try world.userID(lee)
        let leePage = browser.get("/app/settings/members/\(leeID)/remove").text
        #expect(leePage.contains("No other current member depends on it."))
        #expect(browser.post("/app/settings/members/\(leeID)/remove", [("remove_entry", String(domainID))]).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(domainID)") == 0)
    }

    @Test func theRemovalPageSaysWhenNoEntryAdmitsThePersonAnyMore() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let member = try world.member(of: organization, role: "viewer")
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)
        _ = try world.administration.removeFromWhitelist(member, organizationName: organization)
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let page = browser.get("/app/settings/members/\(try world.userID(member))/remove").text
        #expect(page.contains("No whitelist entry admits \(member) any more."))
        #expect(!page.contains(#"name="remove_entry""#))
    }
}
