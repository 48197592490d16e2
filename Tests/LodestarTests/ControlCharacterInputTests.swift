import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// A NUL or another control character typed as an email, a whitelist pattern or an audit
/// filter gets a message (it used to be a 500, or stored as typed), in the browser and on
/// the command line alike.
@Suite struct ControlCharacterInputTests {
    static let message = "contains an invisible control character"

    @Test func theSignInFormRefusesThem() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        for typed in ["a\u{0}b@example.com", email + "\u{1}", "\u{7F}" + email, "\u{1B}[2J" + email] {
            let browser = world.browser(remoteAddress: "10.11.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")
            let response = browser.signIn(typed, AccountsWorld.password)
            #expect(response.status == .unprocessableContent, "\(typed.debugDescription)")
            #expect(response.text.contains(Self.message))
            #expect(response.text.contains(#"name="email""#))
        }
    }

    @Test func whitelistAndMemberFormsRefuseThem() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        for typed in ["x\u{0}y@example.com", "x\u{1}y@example.com", "@exa\u{0}mple.com", "tab\u{9}bed@example.com"] {
            let response = browser.post("/app/settings/whitelist", [("pattern", typed), ("role", "viewer")])
            #expect(response.status == .unprocessableContent, "\(typed.debugDescription)")
            #expect(response.text.contains(Self.message))
        }
        let organizationID = try world.pool.query("SELECT id FROM organizations WHERE name = \(organization)::citext").single(Int64.self)
        #expect(try world.count("""
            SELECT count(*) FROM whitelist_entries WHERE organization_id = \(organizationID) AND pattern::text ~ '[[:cntrl:]]'
            """) == 0)

        browser.get("/app/settings/members")
        for typed in ["m\u{0}@example.com", "m\u{2}@example.com"] {
            let response = browser.post("/app/settings/members", [("email", typed), ("role", "viewer")])
            #expect(response.status == .unprocessableContent, "\(typed.debugDescription)")
            #expect(response.text.contains(Self.message))
        }
        #expect(try world.count("SELECT count(*) FROM users WHERE email::text ~ '[[:cntrl:]]'") == 0)
    }

    @Test func auditFiltersRefuseThem() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        for target in ["/app/settings/audit?action=%00", "/app/settings/audit?action=user.%01signed_in", "/app/settings/audit?actor=a%00%40b.c"] {
            let response = browser.get(target)
            #expect(response.status == .badRequest, "\(target)")
            #expect(response.text.contains(Self.message))
        }
        #expect(browser.get("/app/settings/audit?action=user.signed_in").status == .ok)
    }

    @Test func theCommandLineRefusesThem() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let administration = world.administration
        func refusal(_ work: () throws -> Any) -> String? {
            do {
                _ = try work()
                return nil
            } catch let error as AdministrationError {
                return error.description
            } catch {
                return "not an AdministrationError: \(error)"
            }
        }
        let email = TestDatabase.unique("cli") + "@example.com"
        let cases: [(String, () throws -> Any)] = [
            ("whitelist add", { try administration.addToWhitelist("x\u{1}" + email, organizationName: organization, role: "viewer") }),
            ("whitelist add NUL", { try administration.addToWhitelist("x\u{0}" + email, organizationName: organization, role: "viewer") }),
            ("whitelist remove", { try administration.removeFromWhitelist("x\u{0}" + email, organizationName: organization) }),
            ("whitelist list", { try administration.listWhitelist(organizationName: organization + "\u{7}") }),
            ("create-admin email", { try administration.createAdmin(email: "\u{1B}" + email, organizationName: organization, password: AccountsWorld.password) }),
            ("create-admin org", { try administration.createAdmin(email: email, organizationName: "Acme\u{0}", password: AccountsWorld.password) }),
        ]
        for (name, work) in cases {
            let message = refusal(work)
            #expect(message?.contains(Self.message) == true, "\(name): \(message ?? "accepted")")
        }
        #expect(try world.count("SELECT count(*) FROM users WHERE email::text ~ '[[:cntrl:]]'") == 0)
        #expect(try world.count("SELECT count(*) FROM organizations WHERE name::text ~ '[[:cntrl:]]'") == 0)
    }
}
