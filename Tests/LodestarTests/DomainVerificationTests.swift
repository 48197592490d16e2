import DNSTestSupport
import Foundation
import HTTP
import Postgres
import Synchronization
import Testing
import Web
@testable import Lodestar

/// A @domain entry admits nobody until the organization proves the domain with a TXT
/// record at `_lodestar.<domain>`, checked with "Check now"; the operator can skip the
/// proof with `--trusted`.
@Suite struct DomainVerificationTests {
    /// TXT answers the test sets per name, served in-process to the app's domain check.
    final class TXTAnswers: Sendable {
        let answers = Mutex<[String: DomainTXTLookup.Answer]>([:])
        var lookup: DomainTXTLookup {
            DomainTXTLookup { [self] name in answers.withLock { $0[name] } ?? .noRecords }
        }
        func set(_ name: String, _ answer: DomainTXTLookup.Answer) { answers.withLock { $0[name] = answer } }
    }

    @Test func aDomainEntryAdmitsNobodyUntilItsTXTRecordIsFound() throws {
        let dns = TXTAnswers()
        let world = try AccountsWorld(domainLookup: dns.lookup)
        let (organization, admin) = try world.organizationWithAdmin()
        let domain = TestDatabase.unique("acme") + ".example"
        let person = try world.member(of: organization, role: "viewer", email: "zoe@" + domain)
        _ = try world.administration.removeFromWhitelist(person, organizationName: organization)

        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        #expect(browser.post("/app/settings/whitelist", [("pattern", "@" + domain), ("role", "analyst")]).status == .seeOther)
        let page = browser.get("/app/settings/whitelist").text
        #expect(page.contains("It admits nobody until you prove the domain"))
        #expect(page.contains("Not verified: admits nobody"))
        let token = try world.pool.query("SELECT verification_token FROM whitelist_entries WHERE pattern = \("@" + domain)::citext").single(String.self)
        let name = "_lodestar." + domain
        #expect(page.contains("<code>\(name)</code>"))
        #expect(page.contains("lodestar-verify=\(token)"))
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \("@" + domain)::citext").single(Int64.self)

        // Unproved, the entry lets nobody in.
        #expect(world.browser().signIn(person, AccountsWorld.password).status == .forbidden)

        // No record yet, someone else's record, DNS down: each says so and changes nothing.
        let missing = browser.post("/app/settings/whitelist/\(id)/verify", [])
        #expect(missing.status == .unprocessableContent)
        #expect(missing.text.contains("No TXT record was found at \(name)."))
        dns.set(name, .records(["v=spf1 -all", "lodestar-verify=0123456789abcdef0123456789abcdef"]))
        let wrong = browser.post("/app/settings/whitelist/\(id)/verify", [])
        #expect(wrong.status == .unprocessableContent)
        #expect(wrong.text.contains("none of them is lodestar-verify=\(token)"))
        dns.set(name, .failed("no DNS server answered within 2000 ms"))
        let down = browser.post("/app/settings/whitelist/\(id)/verify", [])
        #expect(down.status == .serviceUnavailable)
        #expect(down.text.contains("The DNS check could not be made (no DNS server answered within 2000 ms)."))
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE id = \(id) AND verified_at IS NULL") == 1)

        // The right record proves it: audited, shown, and the domain's people are invited.
        dns.set(name, .records(["v=spf1 -all", "\"lodestar-verify=\(token)\""]))
        #expect(browser.post("/app/settings/whitelist/\(id)/verify", []).status == .seeOther)
        let verified = browser.get("/app/settings/whitelist").text
        #expect(verified.contains("@\(domain) is verified."))
        #expect(verified.contains("Verified 20"))
        #expect(!verified.contains("Check now"))
        #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'whitelist.domain_verified' AND entity_id = \("@" + domain)") == 1)
        #expect(world.browser().signIn(person, AccountsWorld.password).headers["Location"] == "/invitations")
    }

    /// The real DNS client (`DNS_SERVERS`) against a real dnsmasq: a published record
    /// proves the domain; NXDOMAIN is "no record" (422); a server that refuses is "could
    /// not ask" (503).
    @Test func checkNowAsksTheConfiguredDNSServers() throws {
        let setup = try AccountsWorld()
        let (organization, admin) = try setup.organizationWithAdmin()
        let proved = TestDatabase.unique("proved") + ".example"
        let missing = TestDatabase.unique("missing") + ".example"
        let refused = TestDatabase.unique("refused") + ".example"
        for domain in [proved, missing, refused] {
            _ = try setup.administration.addToWhitelist("@" + domain, organizationName: organization, role: "viewer")
        }
        func entry(_ domain: String) throws -> (id: Int64, token: String) {
            try setup.pool.query("SELECT id, verification_token FROM whitelist_entries WHERE pattern = \("@" + domain)::citext")
                .first.map { try $0.decode(Int64.self, String.self) } ?? (0, "")
        }
        let dnsmasq = try Dnsmasq.start(records: [
            "txt-record=_lodestar.\(proved),lodestar-verify=\(try entry(proved).token)",
            "local=/\(missing)/",
        ])
        defer { dnsmasq.stop() }
        let world = try AccountsWorld(environment: ["DNS_SERVERS": "127.0.0.1:\(dnsmasq.port)", "DNS_TIMEOUT_MS": "1000"])
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")

        let noRecord = browser.post("/app/settings/whitelist/\(try entry(missing).id)/verify", [])
        #expect(noRecord.status == .unprocessableContent)
        #expect(noRecord.text.contains("No TXT record was found at _lodestar.\(missing)."))
        let notAsked = browser.post("/app/settings/whitelist/\(try entry(refused).id)/verify", [])
        #expect(notAsked.status == .serviceUnavailable)
        #expect(notAsked.text.contains("The DNS check could not be made"))
        #expect(browser.post("/app/settings/whitelist/\(try entry(proved).id)/verify", []).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE verified_at IS NOT NULL AND pattern = \("@" + proved)::citext") == 1)
        #expect(try world.count("SELECT count(*) FROM whitelist_entries WHERE verified_at IS NOT NULL AND pattern IN (\("@" + missing)::citext, \("@" + refused)::citext)") == 0)
    }

    @Test func exactEntriesNeedNoProofAndCannotBeChecked() throws {
        let world = try AccountsWorld(domainLookup: TXTAnswers().lookup)
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        browser.get("/app/settings/whitelist")
        let id = try world.pool.query("SELECT id FROM whitelist_entries WHERE pattern = \(admin)::citext").single(Int64.self)
        #expect(browser.post("/app/settings/whitelist/\(id)/verify", []).status == .badRequest)
        #expect(browser.post("/app/settings/whitelist/99999999999/verify", []).status == .notFound)
    }

    @Test func theOperatorCanTrustADomainWithoutProof() throws {
        let world = try AccountsWorld()
        let (organization, _) = try world.organizationWithAdmin()
        let domain = "@" + TestDatabase.unique("corp") + ".example"
        let untrusted = try world.administration.addToWhitelist(domain, organizationName: organization, role: "manager")
        #expect(untrusted.contains("it admits nobody until the domain is proved: publish TXT _lodestar.\(domain.dropFirst())"))
        let report = try world.administration.addToWhitelist(domain, organizationName: organization, role: "manager", trusted: true)
        #expect(report.contains("trusted"))
        #expect(try world.administration.listWhitelist(organizationName: organization).contains { $0.hasPrefix("\(domain)\tmanager\ttrusted") })

        // A first sign-in through the trusted domain joins directly (single-company installs).
        let person = try world.member(of: organization, role: "viewer", email: "sam" + domain)
        _ = try world.administration.removeFromWhitelist(person, organizationName: organization)
        let browser = world.browser()
        #expect(browser.signIn(person, AccountsWorld.password).headers["Location"] == "/app")
        #expect(browser.get("/app").text.contains("Manager in \(organization)"))
    }
}
