import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// The whitelist is checked at every sign-in and every request, not only when someone
/// first joins: removing the entries that admitted an email withdraws that person's
/// access, whatever memberships they still have.
@Suite struct WhitelistAccessTests {
    private func organizationID(_ world: AccountsWorld, _ name: String) throws -> Int64 {
        try world.pool.query("SELECT id FROM organizations WHERE name = \(name)::citext").single(Int64.self)
    }

    private func refusals(_ world: AccountsWorld, email: String, organization: String) throws -> Int {
        try world.count("""
            SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id JOIN organizations o ON o.id = a.organization_id
            WHERE u.email = \(email)::citext AND o.name = \(organization)::citext AND a.action = 'user.sign_in_refused'
            """)
    }

    @Test func passwordSignInIsRefusedOnceTheEntryIsRemovedButOnlyWithTheRightPassword() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let member = try world.member(of: organization, role: "manager")
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)  // now a member

        let report = try world.administration.removeFromWhitelist(member, organizationName: organization)
        #expect(report.contains("1 current member(s) lose access"))

        // The wrong password gets the same answer as before: nothing is revealed.
        let wrong = world.browser().signIn(member, "certainly not the password")
        #expect(wrong.status == .unauthorized)
        #expect(wrong.text.contains(LoginController.invalidMessage))
        #expect(try refusals(world, email: member, organization: organization) == 0)

        let browser = world.browser()
        let refused = browser.signIn(member, AccountsWorld.password)
        #expect(refused.status == .forbidden)
        #expect(refused.text.contains("Your access to Lodestar was withdrawn; ask an administrator to add you again."))
        #expect(try refusals(world, email: member, organization: organization) == 1)
        // No session was started.
        #expect(browser.get("/app").status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = \(member)::citext") == 1)
    }

    @Test func aDomainEntryStillAdmitsWhenTheExactEntryGoes() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let domain = "@" + TestDatabase.unique("dept") + ".example"
        _ = try world.administration.addToWhitelist(domain, organizationName: organization, role: "viewer", trusted: true)
        let member = try world.member(of: organization, role: "analyst", email: "kim" + domain)
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)

        let report = try world.administration.removeFromWhitelist(member, organizationName: organization)
        #expect(report.contains("0 current member(s) lose access"))
        let browser = world.browser()
        #expect(browser.signIn(member, AccountsWorld.password).status == .seeOther)
        // The membership (and its role) is kept; the domain entry is what admits it now.
        #expect(browser.get("/app").text.contains("Analyst in \(organization)"))

        // Removing the domain too withdraws access.
        _ = try world.administration.removeFromWhitelist(domain, organizationName: organization)
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .forbidden)
    }

    @Test func aSignedInMemberLosesAccessAtTheirNextRequest() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let member = try world.member(of: organization, role: "viewer")
        let memberBrowser = world.browser()
        memberBrowser.signIn(member, AccountsWorld.password)
        #expect(memberBrowser.get("/app").status == .ok)

        // The admin removes the entry in the settings page and is told who it affects.
        let adminBrowser = world.browser()
        adminBrowser.signIn(admin, AccountsWorld.password)
        adminBrowser.get("/app/settings/whitelist")
        let id = try world.pool.query(
            "SELECT id FROM whitelist_entries WHERE pattern = \(member)::citext"
        ).single(Int64.self)
        #expect(adminBrowser.post("/app/settings/whitelist/\(id)/remove", [("confirm", "yes")]).status == .seeOther)
        let flashed = adminBrowser.get("/app/settings/whitelist").text
        #expect(flashed.contains("1 current member is no longer admitted and loses access to \(organization)"))
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'whitelist.removed' AND entity_id = \(member) AND new_values->>'members_losing_access' = '1'") == 1)

        // The member's very next request ends the session and says why.
        let next = memberBrowser.get("/app")
        #expect(next.status == .seeOther)
        #expect(next.headers["Location"] == "/login?withdrawn=1")
        let login = memberBrowser.get("/login?withdrawn=1")
        #expect(login.status == .ok)
        #expect(login.text.contains("Your access to Lodestar was withdrawn; ask an administrator to add you again."))
        #expect(memberBrowser.get("/app/account").status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = \(member)::citext") == 0)
        // The admin, still whitelisted, is unaffected, and the members page shows who lost access.
        #expect(adminBrowser.get("/app").status == .ok)
        let members = adminBrowser.get("/app/settings/members").text
        #expect(members.contains(member))
        #expect(members.components(separatedBy: "No access: not on the whitelist").count == 2)
    }

    @Test func theLastAdmittedAdminCannotRemoveTheirOwnEntry() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(admin)::citext").single(Int64.self)
        // The confirmation page refuses at once, as the post does.
        let asked = browser.get("/app/settings/whitelist/\(id)/remove")
        #expect(asked.status == .conflict)
        #expect(asked.text.contains("without an admin who can sign in"))
        let refused = browser.post("/app/settings/whitelist/\(id)/remove", [("confirm", "yes")])
        #expect(refused.status == .conflict)
        #expect(refused.text.contains("without an admin who can sign in"))
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(id)") == 1)
        #expect(browser.get("/app").status == .ok)

        // With a second admitted admin it is allowed, and the first loses access.
        let second = try world.member(of: organization, role: "admin")
        #expect(world.browser().signIn(second, AccountsWorld.password).status == .seeOther)
        browser.get("/app/settings/whitelist")
        #expect(browser.post("/app/settings/whitelist/\(id)/remove", [("confirm", "yes")]).status == .seeOther)
        #expect(browser.get("/app").headers["Location"] == "/login?withdrawn=1")
    }

    @Test func aSessionMovesToAnotherOrganizationThatStillAdmitsIt() throws {
        let world = try AccountsWorld()
        let (organizationA, _) = try world.organizationWithAdmin()
        let (organizationB, _) = try world.organizationWithAdmin()
        let (organizationC, _) = try world.organizationWithAdmin()
        let member = try world.member(of: organizationA, role: "viewer")
        // All trusted: the first sign-in joins the three directly.
        _ = try world.administration.addToWhitelist(member, organizationName: organizationB, role: "analyst", trusted: true)
        _ = try world.administration.addToWhitelist(member, organizationName: organizationC, role: "manager", trusted: true)
        let browser = world.browser()
        #expect(browser.signIn(member, AccountsWorld.password).status == .seeOther)

        // Switching between admitted organizations works.
        let idB = try organizationID(world, organizationB)
        browser.get("/app")
        #expect(browser.post("/app/organization", [("organization_id", String(idB))]).status == .seeOther)
        #expect(browser.get("/app").text.contains("Analyst in \(organizationB)"))

        // B withdraws the member: the next request moves the session to A or C.
        _ = try world.administration.removeFromWhitelist(member, organizationName: organizationB)
        let moved = browser.get("/app")
        #expect(moved.status == .ok)
        #expect(!moved.text.contains(organizationB))
        #expect(moved.text.contains("was withdrawn"))
        #expect(moved.text.contains("Viewer in \(organizationA)") || moved.text.contains("Manager in \(organizationC)"))

        // B is no longer offered nor reachable by the switcher; C still is.
        #expect(browser.post("/app/organization", [("organization_id", String(idB))]).status == .notFound)
        browser.get("/app")
        let idC = try organizationID(world, organizationC)
        #expect(browser.post("/app/organization", [("organization_id", String(idC))]).status == .seeOther)
        #expect(browser.get("/app").text.contains("Manager in \(organizationC)"))

        // A fresh sign-in lands only in admitted organizations, and B's admins saw nothing
        // refused (the member still gets in elsewhere).
        let fresh = world.browser()
        #expect(fresh.signIn(member, AccountsWorld.password).status == .seeOther)
        #expect(!fresh.get("/app").text.contains(organizationB))
        #expect(try refusals(world, email: member, organization: organizationB) == 0)
    }
}
