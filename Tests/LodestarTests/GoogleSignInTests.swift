import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// Google sign-in through the whole app and the real database, against the stand-in
/// provider on loopback: who gets in, what is created or linked, and that refusals
/// create nothing and are audited.
@Suite struct GoogleSignInTests {
    @Test func aWhitelistedEmailGetsAUserMembershipAndSession() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("ada") + "@example.com"
        let organization = try world.organization(whitelisting: email, role: .analyst)

        let response = try world.signIn(as: email.uppercased())
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app")
        let home = world.get("/app")
        #expect(home.status == .ok)
        #expect(home.text.contains(organization))
        #expect(home.text.contains("Ada Lovelace"))

        #expect(try world.users(email: email) == 1)
        #expect(try world.count("SELECT count(*) FROM users WHERE email = \(email)::citext AND google_subject = \(world.provider.identity.subject) AND password_hash IS NULL") == 1)
        #expect(try world.count("""
            SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.organization_id
            WHERE u.email = \(email)::citext AND o.name = \(organization)::citext AND m.role_key = 'analyst'
            """) == 1)
        #expect(try world.audits("user.created") == 1)
        #expect(try world.audits("member.joined") == 1)
        #expect(try world.audits("user.signed_in") == 1)
    }

    @Test func signingInAgainLinksTheSameUser() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("grace") + "@example.com"
        try world.organization(whitelisting: email)
        #expect(try world.signIn(as: email).status == .seeOther)
        world.cookies = [:]
        #expect(try world.signIn(as: email).status == .seeOther)
        #expect(try world.users(email: email) == 1)
        #expect(try world.count("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = \(email)::citext") == 1)
        #expect(try world.audits("user.signed_in") == 2)
        #expect(try world.audits("user.created") == 1)
    }

    @Test func anExistingPasswordUserIsLinkedNotDuplicated() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("hopper") + "@example.com"
        try world.organization(whitelisting: email)
        try world.pool.transaction { _ = try $0.ensureUser(email: email, name: "Grace Hopper") }
        #expect(try world.signIn(as: email).status == .seeOther)
        #expect(try world.users(email: email) == 1)
        #expect(try world.count("SELECT count(*) FROM users WHERE email = \(email)::citext AND google_subject IS NOT NULL") == 1)
        #expect(try world.audits("user.google_linked") == 1)
    }

    @Test func aDomainWhitelistLetsTheWholeDomainIn() throws {
        let world = try GoogleSignInWorld()
        let domain = TestDatabase.unique("corp") + ".example"
        try world.organization(whitelisting: "@" + domain, role: .viewer)
        let email = "lin@" + domain
        #expect(try world.signIn(as: email).status == .seeOther)
        #expect(try world.count("SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = \(email)::citext AND m.role_key = 'viewer'") == 1)
    }

    @Test func anEmailNotOnAnyWhitelistIsRefusedAndNothingIsCreated() throws {
        let world = try GoogleSignInWorld()
        try world.organization(whitelisting: TestDatabase.unique("someone") + "@example.com")
        let email = TestDatabase.unique("mallory") + "@example.com"
        let response = try world.signIn(as: email)
        #expect(response.status == .forbidden)
        #expect(response.text.contains("is not allowed to sign in to Lodestar"))
        #expect(response.text.contains("Ask an administrator"))
        #expect(try world.users(email: email) == 0)
        #expect(try world.audits("google_sign_in.not_whitelisted") == 1)
        #expect(world.get("/app").status == .seeOther)  // not signed in: off to /login
    }

    @Test func aLinkedUserIsRefusedOnceTheirWhitelistEntryIsRemoved() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("ruth") + "@example.com"
        let organization = try world.organization(whitelisting: email, role: .manager)
        #expect(try world.signIn(as: email).status == .seeOther)
        world.cookies = [:]

        _ = try AccountAdministration(pool: world.pool).removeFromWhitelist(email, organizationName: organization)
        let response = try world.signIn(as: email)
        #expect(response.status == .forbidden)
        #expect(response.text.contains("Your access to Lodestar was withdrawn; ask an administrator to add you again."))
        #expect(try world.audits("google_sign_in.access_withdrawn") == 1)
        // The organization's admins see the refused attempt in their audit log.
        #expect(try world.count("""
            SELECT count(*) FROM audit_log a JOIN organizations o ON o.id = a.organization_id
            WHERE o.name = \(organization)::citext AND a.action = 'user.sign_in_refused' AND a.new_values->>'method' = 'google'
            """) == 1)
        #expect(try world.audits("user.signed_in") == 1)
        #expect(world.get("/app").status == .seeOther)  // not signed in: off to /login
    }

    @Test func anAccountLinkedToAnotherGoogleAccountIsRefused() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("eve") + "@example.com"
        try world.organization(whitelisting: email)
        #expect(try world.signIn(as: email).status == .seeOther)
        world.cookies = [:]
        world.provider.identity.subject = TestDatabase.unique("other-sub-")
        let response = try world.signIn(as: email)
        #expect(response.status == .forbidden)
        #expect(response.text.contains("linked to a different Google account"))
        #expect(try world.users(email: email) == 1)
    }

    /// Each bad answer: its status, its page, its audit entry, and nothing created.
    enum BadAnswer: String, CaseIterable, Sendable {
        case forgedState, missingStateCookie, wrongNonce, wrongAudience, wrongIssuer, expiredToken, unverifiedEmail,
             accessDenied, tokenEndpointFails

        var status: Int {
            switch self {
            case .missingStateCookie: 400
            case .accessDenied: 401
            case .tokenEndpointFails: 502
            default: 403
            }
        }

        var page: String {
            switch self {
            case .forgedState: "could not be matched to the one started in this browser"
            case .missingStateCookie: "expired or was started in another browser"
            case .wrongNonce, .wrongAudience, .wrongIssuer, .expiredToken: "could not be verified, so you are not signed in"
            case .unverifiedEmail: "has not verified its email address"
            case .accessDenied: "Google sign-in was cancelled"
            case .tokenEndpointFails: "Google did not complete the sign-in"
            }
        }

        var audit: String {
            switch self {
            case .forgedState: "google_sign_in.state_mismatch"
            case .missingStateCookie: "google_sign_in.state_missing"
            case .wrongNonce, .wrongAudience, .wrongIssuer, .expiredToken: "google_sign_in.id_token_rejected"
            case .unverifiedEmail: "google_sign_in.email_not_verified"
            case .accessDenied: "google_sign_in.cancelled"
            case .tokenEndpointFails: "google_sign_in.token_exchange_failed"
            }
        }
    }

    @Test(arguments: BadAnswer.allCases)
    func aBadAnswerIsRefusedAndCreatesNothing(_ bad: BadAnswer) throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("bad") + "@example.com"
        try world.organization(whitelisting: email)
        world.provider.identity.email = email
        switch bad {
        case .wrongNonce: world.provider.identity.nonce = "forged"
        case .wrongAudience: world.provider.identity.audience = ["someone-else"]
        case .wrongIssuer: world.provider.identity.issuer = "https://accounts.evil.example"
        case .expiredToken: world.provider.identity.expiresIn = -3600
        case .unverifiedEmail: world.provider.identity.emailVerified = false
        case .accessDenied: world.provider.denyNextAuthorization()
        case .tokenEndpointFails: world.provider.failTokenRequests()
        case .forgedState, .missingStateCookie: break
        }
        var callback = try world.authorize()
        if bad == .forgedState { callback = callback.replacingOccurrences(of: "state=", with: "state=forged") }
        if bad == .missingStateCookie { world.cookies = world.cookies.filter { !$0.key.contains("google_auth") } }
        let response = world.get(callback)

        #expect(response.status.code == bad.status)
        #expect(response.text.contains(bad.page))
        #expect(try world.users(email: email) == 0)
        #expect(try world.audits(bad.audit) == 1)
        #expect(try world.audits("user.signed_in") == 0)
        #expect(world.get("/app").status == .seeOther)
    }

    @Test func signingInReturnsToTheLocalPageAskedForOnly() throws {
        let world = try GoogleSignInWorld()
        let email = TestDatabase.unique("kay") + "@example.com"
        try world.organization(whitelisting: email)
        world.provider.identity.email = email
        let back = world.get(try world.authorize(start: "/auth/google?next=%2Fapp%2Faccount"))
        #expect(back.headers["Location"] == "/app/account")
        world.cookies = [:]
        let elsewhere = world.get(try world.authorize(start: "/auth/google?next=%2F%2Fevil.example%2F"))
        #expect(elsewhere.headers["Location"] == "/app")
    }

    @Test func theGoogleButtonShowsOnlyWhenConfigured() throws {
        let on = try GoogleSignInWorld(google: true)
        #expect(on.get("/login").text.contains("/auth/google"))
        let off = try GoogleSignInWorld(google: false)
        #expect(!off.get("/login").text.contains("/auth/google"))
        #expect(off.get("/auth/google").status == .notFound)
    }
}
