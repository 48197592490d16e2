import Foundation
import HTTP
import Postgres
import Testing
@testable import Lodestar

/// Removing a whitelist entry asks on a page of its own that names who would lose access
/// and what cannot be undone (issue 17); a post without the confirmation changes nothing.
@Suite struct WhitelistRemovalConfirmationTests {
    @Test func removingAnEntryAsksFirstAndNamesWhoLosesAccess() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let member = try world.member(of: organization, role: "viewer")
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(member)::citext").single(Int64.self)

        // The list links to the confirmation page instead of posting at once.
        let list = browser.get("/app/settings/whitelist").text
        #expect(list.contains(#"<a class="button button--small button--danger" href="/app/settings/whitelist/\#(id)/remove" data-confirm>Remove…</a>"#))
        #expect(list.contains(#"<script src="/static/confirm.js"#))

        let confirm = browser.get("/app/settings/whitelist/\(id)/remove")
        #expect(confirm.status == .ok)
        #expect(confirm.text.contains("<title>Remove \(member) from the whitelist? · Lodestar</title>"))
        #expect(confirm.text.contains("1 current member loses access to \(organization) at their next request: \(member)."))
        #expect(confirm.text.contains("This cannot be undone: whoever loses access is signed out at their next request. Adding the entry again later lets them back with the role they had."))
        #expect(confirm.text.contains(#"<form class="confirm__actions" method="post" action="/app/settings/whitelist/\#(id)/remove">"#))
        #expect(confirm.text.contains(#"<input type="hidden" name="confirm" value="yes">"#))
        #expect(confirm.text.contains(#"href="/app/settings/whitelist" data-confirm-back>Keep the entry</a>"#))
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(id)") == 1)

        // A post without the confirmation only leads to the page.
        let unconfirmed = browser.post("/app/settings/whitelist/\(id)/remove", [])
        #expect(unconfirmed.status == .seeOther)
        #expect(unconfirmed.headers["Location"] == "/app/settings/whitelist/\(id)/remove")
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(id)") == 1)
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'whitelist.removed' AND entity_id = \(member)") == 0)

        browser.get("/app/settings/whitelist/\(id)/remove")
        #expect(browser.post("/app/settings/whitelist/\(id)/remove", [("confirm", "yes")]).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(id)") == 0)
    }

    @Test func anEntryOthersAlsoAdmitOrAnUnknownOneSaysSo() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let domain = "@" + TestDatabase.unique("d").lowercased() + ".example"
        let member = try world.member(of: organization, role: "viewer", email: "ann" + domain)
        #expect(world.browser().signIn(member, AccountsWorld.password).status == .seeOther)
        _ = try world.administration.addToWhitelist(domain, organizationName: organization, role: "viewer", trusted: true)
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(member)::citext").single(Int64.self)
        let confirm = browser.get("/app/settings/whitelist/\(id)/remove").text
        #expect(confirm.contains("No current member loses access: every member it admits is admitted by another entry too."))
        #expect(browser.get("/app/settings/whitelist/999999999/remove").status == .notFound)
        let viewer = world.browser()
        viewer.signIn(member, AccountsWorld.password)
        #expect(viewer.get("/app/settings/whitelist/\(id)/remove").status == .forbidden)
    }
}
