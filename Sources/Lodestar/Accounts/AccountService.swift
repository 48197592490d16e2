import Foundation
import HTTP
import Postgres
import Security
import Web

/// Signing in and out, and who may get in. The one place that starts a signed-in session
/// (`signIn(user:...)`, which lets the whitelist invite the person: `admit`) and answers
/// "is this email whitelisted, for which organization and role" (`whitelistMatches`), for
/// the password form, the Google flow and the CLI.
struct AccountService: Sendable {
    let database: Database
    let sessions: PostgresSessionStore
    let throttle: LoginThrottle
    let hasher: PasswordHasher
    let policy: PasswordPolicy

    init(pool: ConnectionPool, settings: AccessSettings, hasher: PasswordHasher = PasswordHasher()) {
        database = Database(pool: pool)
        sessions = PostgresSessionStore(pool: pool)
        throttle = LoginThrottle(pool: pool, settings: settings)
        self.hasher = hasher
        policy = PasswordPolicy()
    }

    /// The outcome of checking an email and password.
    enum PasswordCheck: Sendable {
        case valid(User)
        /// Unknown email or wrong password: the two are never told apart.
        case invalid
        /// Too many failures: try again after this many seconds (right password or not).
        case throttled(retryAfter: Int)
    }

    /// Checks a password sign-in: throttling first (so a right password gets the same 429
    /// as a wrong one; the attempt is counted as a failure before the slow hash check, so
    /// parallel guesses cannot all slip under the limit), then the password, verified
    /// against a dummy hash when the email is unknown so the time taken does not tell.
    /// Rehashes the password when its parameters are older than the current ones.
    func checkPassword(email: String, password: String, ipAddress: String) throws -> PasswordCheck {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let user = WhitelistPattern.email(email) == nil ? nil : try database.pool.transaction { try $0.user(email: email) }
        // An account is throttled under its stored email: the database's case-insensitive
        // match (its locale's lower()) can find it under spellings Swift lowercases
        // differently ("admİn" for "admin"), and each must not get a fresh allowance.
        let attemptID: Int64
        switch try throttle.begin(email: user?.email ?? email, ipAddress: ipAddress) {
        case .throttled(let wait): return .throttled(retryAfter: wait)
        case .admitted(let id): attemptID = id
        }
        let verification = try hasher.verify(password: password, encoded: user?.passwordHash ?? Self.dummyHash)
        guard let user, user.passwordHash != nil, verification.isMatch else {
            if let user { try auditFailedSignIn(user, ipAddress: ipAddress) }
            return .invalid
        }
        try throttle.succeeded(attemptID: attemptID)
        if verification.needsRehash {
            let rehashed = try hasher.hash(password: password)
            try database.pool.transaction { try $0.setPasswordHash(userID: user.id, rehashed) }
        }
        return .valid(user)
    }

    /// Tells the admins of each of the user's organizations (in their audit log) that a
    /// wrong password was tried for this account.
    private func auditFailedSignIn(_ user: User, ipAddress: String) throws {
        let memberships = try database.tenant(organizationID: nil, userID: user.id) { try $0.memberships(userID: user.id) }
        for membership in memberships {
            try database.tenant(organizationID: membership.organizationID, userID: user.id) { transaction in
                try transaction.audit(AuditEvent(
                    organizationID: membership.organizationID, actorUserID: user.id, action: "user.sign_in_failed",
                    entityType: "user", entityID: String(user.id), newValues: ["method": "password"], ipAddress: ipAddress
                ))
            }
        }
    }

    /// Deletes sessions past their absolute expiry and sign-in attempts too old to count.
    /// Run at each sign-in, so the tables stay small without a scheduler.
    func purgeExpired() throws {
        try database.pool.execute("DELETE FROM sessions WHERE expires_at < now()")
        try throttle.purge()
    }

    /// A hash of a random password, verified when the email is unknown.
    static let dummyHash: String = {
        let password = (try? SecureRandom.base64URLToken(byteCount: 24)) ?? "lodestar-dummy-password"
        return (try? PasswordHasher().hash(password: password)) ?? ""
    }()

    /// What a person whose access was withdrawn reads (password and Google sign-in, and
    /// a session that lost its last organization).
    static let accessWithdrawnMessage = "Your access to Lodestar was withdrawn; ask an administrator to add you again."

    /// A session `signIn` started: in `membership`'s organization, or in none yet when
    /// the person only has invitations to answer.
    struct SignedIn: Sendable {
        let membership: Membership?
        let pendingInvitations: Int

        /// Where the browser goes next: the invitations when there is nothing else to
        /// open, else `next` (a checked local path) or the home page.
        func destination(next: String?) -> String {
            membership == nil ? InvitationsController.path : next ?? "/app"
        }
    }

    /// Signs `user` in on this request: lets the whitelist invite them where it admits
    /// them (`admit`), picks the organization (`preferredOrganizationID` when admitted
    /// there, else the first), replaces the session with a fresh one (new token, new CSRF
    /// token), and writes `user.signed_in` to the audit log (of that organization; of
    /// none when they only have invitations so far).
    ///
    /// Only memberships in organizations whose whitelist still admits the email count.
    /// When none remain and no invitation waits, it writes `user.sign_in_refused` in the
    /// organizations the user is still a member of, starts no session and returns nil:
    /// the caller answers 403 with `accessWithdrawnMessage`.
    ///
    /// This is the call for every way of proving who someone is (password, Google).
    func signIn(
        user: User, method: String, preferredOrganizationID: Int64? = nil,
        request: HTTPRequest, context: RequestContext
    ) throws -> SignedIn? {
        guard let session = context.session else { throw AccountsError("sign-in on a route without sessions") }
        let admission = try admit(user, method: method, ipAddress: context.remoteAddress)
        let memberships = admission.memberships
        let membership = memberships.first(where: { $0.organizationID == preferredOrganizationID }) ?? memberships.first
        guard membership != nil || admission.pendingInvitations > 0 else {
            try auditRefusedSignIn(
                user, method: method, reason: admission.whitelisted ? "no_membership" : "not_whitelisted",
                ipAddress: context.remoteAddress)
            return nil
        }
        let organizationID = membership?.organizationID
        try database.tenant(organizationID: organizationID, userID: user.id) { transaction in
            try transaction.execute("UPDATE users SET last_sign_in_at = now() WHERE id = \(user.id)")
            try transaction.audit(AuditEvent(
                organizationID: organizationID, actorUserID: user.id, action: "user.signed_in",
                entityType: "user", entityID: String(user.id), newValues: ["method": method],
                ipAddress: context.remoteAddress
            ))
        }
        try purgeExpired()
        try session.startSignedIn(
            userID: user.id, organizationID: organizationID, ipAddress: context.remoteAddress,
            userAgent: request.headers["User-Agent"].map { String($0.prefix(400)) }
        )
        return SignedIn(membership: membership, pendingInvitations: admission.pendingInvitations)
    }

    /// Records a sign-in refused because nothing admits the user any more (`reason`:
    /// `not_whitelisted`, or `no_membership` when the whitelist admits them but they were
    /// removed or declined): one `user.sign_in_refused` entry in each organization they
    /// are still a member of (its admins removed the entry and should see the attempt),
    /// or one without an organization when they are a member nowhere.
    func auditRefusedSignIn(_ user: User, method: String, reason: String = "not_whitelisted", ipAddress: String) throws {
        let values = ["method": method, "reason": reason, "email": user.email]
        let organizations = try database.tenant(organizationID: nil, userID: user.id) { try $0.memberships(userID: user.id) }
            .map { Optional($0.organizationID) }
        for organizationID in organizations.isEmpty ? [nil] : organizations {
            try database.tenant(organizationID: organizationID, userID: user.id) { transaction in
                try transaction.audit(AuditEvent(
                    organizationID: organizationID, actorUserID: user.id, action: "user.sign_in_refused",
                    entityType: "user", entityID: String(user.id), newValues: values, ipAddress: ipAddress
                ))
            }
        }
    }

    /// Whitelist entries that let `email` in (exact entries win over domain entries).
    func whitelistMatches(email: String) throws -> [WhitelistMatch] {
        guard let email = WhitelistPattern.email(email) else { return [] }
        return try database.tenant(organizationID: nil, email: email) { try $0.whitelistMatches(email: email) }
    }
}
