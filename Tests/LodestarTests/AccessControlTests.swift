import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

@Suite struct AccessControlTests {
    @Test func aRoleWithoutThePermissionGets403() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let viewer = try world.member(of: organization, role: "viewer")
        let browser = world.browser()
        #expect(browser.signIn(viewer, AccountsWorld.password).status == .seeOther)
        let whitelist = browser.get("/app/settings/whitelist")
        #expect(whitelist.status == .forbidden)
        #expect(whitelist.text.contains("Viewer"))
        #expect(whitelist.text.contains(#"action="/logout""#))  // the error page keeps the navigation
        #expect(browser.get("/app/settings/audit").status == .forbidden)
        // Viewers cannot read the member list either; analysts can, without managing.
        #expect(browser.get("/app/settings/members").status == .forbidden)
        let analyst = try world.member(of: organization, role: "analyst")
        let analystBrowser = world.browser()
        analystBrowser.signIn(analyst, AccountsWorld.password)
        let members = analystBrowser.get("/app/settings/members")
        #expect(members.status == .ok)
        #expect(!members.text.contains("Invite a member"))
        #expect(analystBrowser.post("/app/settings/members", [("email", analyst), ("role", "admin")]).status == .forbidden)
    }

    @Test func oneOrganizationCannotReadAnothers() throws {
        let world = try AccountsWorld()
        let (organizationA, adminA) = try world.organizationWithAdmin()
        let (organizationB, adminB) = try world.organizationWithAdmin()
        _ = try world.administration.addToWhitelist("@secret-\(TestDatabase.unique("b")).example", organizationName: organizationB, role: "viewer")
        let browser = world.browser()
        browser.signIn(adminA, AccountsWorld.password)
        for path in ["/app/settings/members", "/app/settings/whitelist", "/app/settings/audit"] {
            let page = browser.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains(adminA) || path != "/app/settings/members")
            #expect(!page.text.contains(adminB))
            #expect(!page.text.contains("secret-"))
            #expect(!page.text.contains(organizationB))
        }
        // Acting on B's member by id is a 404 in A's scope.
        let idB = try world.pool.query("SELECT id FROM users WHERE email = \(adminB)::citext").single(Int64.self)
        browser.get("/app/settings/members")
        #expect(browser.get("/app/settings/members/\(idB)/remove").status == .notFound)
        #expect(browser.post("/app/settings/members/\(idB)/remove", []).status == .notFound)
        #expect(try world.count("SELECT count(*) FROM memberships WHERE user_id = \(idB)") == 1)
        _ = organizationA
    }

    @Test func rowLevelSecurityBlocksAnUnscopedQuery() throws {
        let world = try AccountsWorld()
        let (organizationA, _) = try world.organizationWithAdmin()
        let (organizationB, _) = try world.organizationWithAdmin()
        let database = Database(pool: world.pool)
        let idA = try world.pool.query("SELECT id FROM organizations WHERE name = \(organizationA)::citext").single(Int64.self)
        let idB = try world.pool.query("SELECT id FROM organizations WHERE name = \(organizationB)::citext").single(Int64.self)
        // Deliberately without any organization filter:
        let seen = try database.tenant(organizationID: idA) { transaction in
            try transaction.query("SELECT DISTINCT organization_id FROM memberships").decodeColumn(Int64.self)
                + transaction.query("SELECT DISTINCT organization_id FROM whitelist_entries").decodeColumn(Int64.self)
                + transaction.query("SELECT DISTINCT organization_id FROM audit_log").decodeColumn(Int64.self)
        }
        #expect(Set(seen) == [idA])
        // Writing into another organization is refused too.
        #expect(throws: PostgresError.self) {
            try database.tenant(organizationID: idA) { transaction in
                try transaction.execute("INSERT INTO whitelist_entries (organization_id, pattern, role_key) VALUES (\(idB), '@sneaky.example', 'admin')")
            }
        }
        // Without a scope nothing is visible at all.
        let unscoped = try database.tenant(organizationID: nil) { transaction in
            try transaction.query("SELECT count(*) FROM whitelist_entries").single(Int64.self)
        }
        #expect(unscoped == 0)
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let world = try AccountsWorld()
        _ = try world.organizationWithAdmin()
        #expect(throws: PostgresError.self) {
            try world.pool.execute("UPDATE audit_log SET action = 'tampered'")
        }
        #expect(throws: PostgresError.self) {
            try world.pool.execute("DELETE FROM audit_log")
        }
    }

    @Test func lastAdminCannotBeDemotedOrRemoved() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let adminID = try world.pool.query("SELECT id FROM users WHERE email = \(admin)::citext").single(Int64.self)
        browser.get("/app/settings/members")
        let demote = browser.post("/app/settings/members/\(adminID)/role", [("role", "viewer")])
        #expect(demote.status == .conflict)
        #expect(demote.text.contains("last admin"))
        #expect(browser.post("/app/settings/members/\(adminID)/remove", []).status == .conflict)
        // With a second admin, the first can step down.
        let second = try world.member(of: organization, role: "admin")
        world.browser().signIn(second, AccountsWorld.password)  // joins through the whitelist
        browser.get("/app/settings/members")
        #expect(browser.post("/app/settings/members/\(adminID)/role", [("role", "manager")]).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'member.role_changed' AND entity_id = \(String(adminID))") == 1)
    }

    @Test func organizationSwitcherChangesTheCurrentOrganization() throws {
        let world = try AccountsWorld()
        let (organizationA, admin) = try world.organizationWithAdmin()
        let (organizationB, _) = try world.organizationWithAdmin()
        _ = try world.administration.addToWhitelist(admin, organizationName: organizationB, role: "viewer")
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        // B's whitelist invites; accepted, B joins the switcher.
        let invitationID = try world.pool.query(
            "SELECT i.id FROM invitations i JOIN organizations o ON o.id = i.organization_id WHERE o.name = \(organizationB)::citext"
        ).single(Int64.self)
        browser.get("/invitations")
        #expect(browser.post("/invitations/\(invitationID)/accept", []).status == .seeOther)
        let home = browser.get("/app")
        #expect(home.text.contains("Switch organization"))
        let idB = try world.pool.query("SELECT id FROM organizations WHERE name = \(organizationB)::citext").single(Int64.self)
        #expect(browser.post("/app/organization", [("organization_id", String(idB))]).status == .seeOther)
        let after = browser.get("/app")
        #expect(after.text.contains("Viewer in \(organizationB)"))
        #expect(browser.get("/app/settings/whitelist").status == .forbidden)
        _ = organizationA
    }
}
