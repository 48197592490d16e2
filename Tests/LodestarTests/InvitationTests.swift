import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// A whitelist match is an invitation, not a membership: the person sees it after signing
/// in and accepts or declines; until they accept, the inviting organization sees nothing of
/// them. Only a first sign-in whose admitting entries are all trusted joins directly.
@Suite struct InvitationTests {
    /// An organization whose name sorts before every `TestDatabase.unique("Org ")` one, so
    /// it would be the default organization if it ever became a membership.
    private func earlyOrganization(_ world: AccountsWorld) throws -> (String, String) {
        let name = TestDatabase.unique("0 Early ")
        let admin = TestDatabase.unique("early") + "@example.com"
        _ = try world.administration.createAdmin(email: admin, organizationName: name, password: AccountsWorld.password)
        return (name, admin)
    }

    private func invitationID(_ world: AccountsWorld, _ email: String, in organization: String) throws -> Int64 {
        try world.pool.query("""
            SELECT i.id FROM invitations i JOIN organizations o ON o.id = i.organization_id
            WHERE i.email = \(email)::citext AND o.name = \(organization)::citext
            """).single(Int64.self)
    }

    @Test func anotherOrganizationsWhitelistInvitesAndShowsNothingUntilAccepted() throws {
        let world = try AccountsWorld()
        let (home, _) = try world.organizationWithAdmin()
        let alice = try world.member(of: home, role: "manager")
        #expect(world.browser().signIn(alice, AccountsWorld.password).status == .seeOther)
        // Another organization whitelists her address from its settings page.
        let (other, otherAdmin) = try earlyOrganization(world)
        let otherBrowser = world.browser()
        otherBrowser.signIn(otherAdmin, AccountsWorld.password)
        otherBrowser.get("/app/settings/whitelist")
        #expect(otherBrowser.post("/app/settings/whitelist", [("pattern", alice), ("role", "admin")]).status == .seeOther)
        #expect(otherBrowser.get("/app/settings/whitelist").text.contains("\(alice) gets an invitation to accept after signing in."))

        let browser = world.browser()
        #expect(browser.signIn(alice, AccountsWorld.password).headers["Location"] == "/app")
        let dashboard = browser.get("/app").text
        #expect(dashboard.contains("Manager in \(home)"))  // not the inviting organization, though it sorts first
        #expect(dashboard.contains(#"href="/invitations">Invitations <span class="badge badge--pending">1</span>"#))
        #expect(dashboard.contains("Answer your invitations"))
        #expect(!dashboard.contains(other))

        // Nothing of hers in the other organization: members, audit log, memberships.
        let otherMembers = otherBrowser.get("/app/settings/members").text
        #expect(!otherMembers.contains(alice))
        #expect(!otherBrowser.get("/app/settings/audit?action=member.joined").text.contains(alice))
        #expect(try world.auditRows(in: other, about: alice) == 0)
        #expect(try world.count("SELECT count(*) FROM memberships WHERE organization_id = \(try world.organizationID(other)) AND user_id = \(try world.userID(alice))") == 0)

        // She sees the invitation, accepts it and joins with the entry's role.
        let invitations = browser.get("/invitations")
        #expect(invitations.status == .ok)
        #expect(invitations.text.contains(other))
        #expect(invitations.text.contains("Your email is on its whitelist (\(alice))"))
        #expect(invitations.text.components(separatedBy: #"<span class="badge badge--pending">1</span>"#).count == 2)
        let id = try invitationID(world, alice, in: other)
        let accepted = browser.post("/invitations/\(id)/accept", [])
        #expect(accepted.headers["Location"] == "/app")
        #expect(browser.get("/app").text.contains("You joined \(other) as Admin."))
        #expect(try world.auditRows(in: other, about: alice) == 1)  // member.joined
        #expect(otherBrowser.get("/app/settings/members").text.contains(alice))
        // Answered: it cannot be accepted twice.
        #expect(browser.post("/invitations/\(id)/accept", []).status == .notFound)
    }

    @Test func aPersonWithOnlyInvitationsAnswersThemFirstAndADeclineIsFinal() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let newcomer = try world.member(of: organization, role: "analyst", trusted: false)

        let browser = world.browser()
        let signIn = browser.signIn(newcomer, AccountsWorld.password)
        #expect(signIn.headers["Location"] == "/invitations")
        #expect(browser.get("/app").headers["Location"] == "/invitations")
        let page = browser.get("/invitations")
        #expect(page.text.contains(organization) && page.text.contains("Analyst"))
        #expect(page.text.contains(#"action="/logout""#))
        #expect(!page.text.contains(#"href="/app/campaigns""#))  // no organization to open yet

        let id = try invitationID(world, newcomer, in: organization)
        #expect(browser.post("/invitations/\(id)/decline", []).headers["Location"] == "/invitations")
        let after = browser.get("/invitations").text
        #expect(after.contains("You declined the invitation of \(organization)"))
        #expect(after.contains("You are not a member of any organization"))
        #expect(try world.auditRows(in: organization, about: newcomer) == 0)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'invitation.declined' AND organization_id IS NULL AND entity_id = \(String(id))") == 1)

        // The whitelist does not ask again: with nothing to open, the sign-in is refused.
        #expect(world.browser().signIn(newcomer, AccountsWorld.password).status == .forbidden)
        #expect(try world.count("SELECT count(*) FROM invitations WHERE id = \(id) AND status = 'declined'") == 1)

        // An admin's new invitation does ask again.
        let adminBrowser = world.browser()
        adminBrowser.signIn(admin, AccountsWorld.password)
        adminBrowser.get("/app/settings/members")
        #expect(adminBrowser.post("/app/settings/members", [("email", newcomer), ("role", "viewer")]).status == .seeOther)
        #expect(world.browser().signIn(newcomer, AccountsWorld.password).headers["Location"] == "/invitations")
    }

    @Test func aTrustedEntryJoinsDirectlyOnTheFirstSignInOnly() throws {
        let world = try AccountsWorld()
        let (trusted, _) = try world.organizationWithAdmin()
        let (untrusted, _) = try world.organizationWithAdmin()

        // Only trusted entries admit her: her first sign-in joins at once.
        let direct = try world.member(of: trusted, role: "manager")
        let browser = world.browser()
        #expect(browser.signIn(direct, AccountsWorld.password).headers["Location"] == "/app")
        #expect(browser.get("/app").text.contains("Manager in \(trusted)"))
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'member.joined' AND new_values->>'trusted' = 'yes' AND entity_id = \(String(try world.userID(direct)))") == 1)

        // A trusted entry added after her first sign-in invites her like any other.
        let (later, _) = try world.organizationWithAdmin()
        _ = try world.administration.addToWhitelist(direct, organizationName: later, role: "viewer", trusted: true)
        #expect(world.browser().signIn(direct, AccountsWorld.password).headers["Location"] == "/app")
        #expect(try world.count("SELECT count(*) FROM invitations WHERE email = \(direct)::citext AND status = 'pending'") == 1)

        // Admitted by a trusted and an untrusted entry: both become invitations.
        let mixed = try world.member(of: trusted, role: "viewer")
        _ = try world.administration.addToWhitelist(mixed, organizationName: untrusted, role: "viewer")
        #expect(world.browser().signIn(mixed, AccountsWorld.password).headers["Location"] == "/invitations")
        #expect(try world.count("SELECT count(*) FROM memberships WHERE user_id = \(try world.userID(mixed))") == 0)
        #expect(try world.count("SELECT count(*) FROM invitations WHERE email = \(mixed)::citext AND status = 'pending'") == 2)
    }

    @Test func failedSignInsAreAuditedOnlyWhereThePersonIsAMember() throws {
        let world = try AccountsWorld()
        let (home, _) = try world.organizationWithAdmin()
        let (other, _) = try earlyOrganization(world)
        let alice = try world.member(of: home, role: "viewer")
        #expect(world.browser().signIn(alice, AccountsWorld.password).status == .seeOther)
        _ = try world.administration.addToWhitelist(alice, organizationName: other, role: "admin")
        #expect(world.browser().signIn(alice, AccountsWorld.password).status == .seeOther)  // now invited by the other
        #expect(try world.count("SELECT count(*) FROM invitations WHERE email = \(alice)::citext AND status = 'pending'") == 1)

        #expect(world.browser().signIn(alice, "certainly not her password").status == .unauthorized)
        func failures(_ organization: String) throws -> Int {
            try world.count("""
                SELECT count(*) FROM audit_log a JOIN organizations o ON o.id = a.organization_id
                WHERE o.name = \(organization)::citext AND a.action = 'user.sign_in_failed' AND a.actor_user_id = \(try world.userID(alice))
                """)
        }
        #expect(try failures(home) == 1)
        #expect(try failures(other) == 0)
    }

    @Test func googleSignInOfAnInvitedNewcomerGoesToTheInvitations() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("noor") + "@example.com"
        let organization = try world.organization(whitelisting: email, role: .analyst, trusted: false)
        let response = try world.signIn(as: email)
        #expect(response.headers["Location"] == "/invitations")
        #expect(try world.users(email: email) == 1)
        #expect(try world.count("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = \(email)::citext") == 0)
        let page = world.get("/invitations")
        #expect(page.text.contains(organization))
        #expect(try world.audits("user.created") == 1)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'user.created' AND organization_id IS NOT NULL AND ip_address = \(world.ipAddress)") == 0)
    }

    @Test func anInvitationIsAnsweredOnlyByItsPerson() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let invited = try world.member(of: organization, role: "viewer", trusted: false)
        let other = try world.member(of: organization, role: "viewer")
        #expect(world.browser().signIn(invited, AccountsWorld.password).status == .seeOther)
        let id = try invitationID(world, invited, in: organization)

        let browser = world.browser()
        browser.signIn(other, AccountsWorld.password)
        browser.get("/invitations")
        let refused = browser.post("/invitations/\(id)/accept", [])
        #expect(refused.status == .notFound)
        #expect(refused.text.contains(AccountService.invitationGoneMessage))
        #expect(browser.post("/invitations/\(id)/decline", []).status == .notFound)
        #expect(try world.count("SELECT count(*) FROM invitations WHERE id = \(id) AND status = 'pending'") == 1)
        // Signed out, the page asks for a sign-in first.
        #expect(world.browser().get("/invitations").headers["Location"] == "/login?next=%2Finvitations")
    }

    @Test func anAdminCanWithdrawTheirInvitation() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let person = try world.member(of: organization, role: "viewer", trusted: false)
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/members")
        #expect(browser.post("/app/settings/members", [("email", person), ("role", "manager")]).status == .seeOther)
        let id = try invitationID(world, person, in: organization)
        let members = browser.get("/app/settings/members").text
        #expect(members.contains(person))
        #expect(!members.contains("site-nav__invitations"))  // the admin has none of their own
        #expect(browser.post("/app/settings/members/invitations/\(id)/withdraw", []).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'member.invitation_withdrawn' AND entity_id = \(person)") == 1)
        // Withdrawn, and the whitelist does not renew it.
        #expect(world.browser().signIn(person, AccountsWorld.password).status == .forbidden)
    }
}
