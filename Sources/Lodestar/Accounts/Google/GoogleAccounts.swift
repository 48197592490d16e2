import Foundation
import HTTP
import Postgres
import Web

/// What a verified Google identity may do: link to (or create) the user with that email
/// when a whitelist admits it, and sign in like the password form does (memberships and
/// invitations included). Refusals go to the audit log.
struct GoogleAccounts: Sendable {
    let accounts: AccountService

    /// `GoogleSignInController.completeSignIn`: links the identity, starts a fresh
    /// session (`AccountService.signIn`) and sends the person to `next` or /app.
    func completeSignIn(
        _ identity: VerifiedGoogleIdentity, next: String?, _ request: HTTPRequest, _ context: RequestContext
    ) throws -> HTTPResponse {
        let user: User
        switch try link(identity, ipAddress: context.remoteAddress) {
        case .linked(let linked):
            user = linked
        case .accessWithdrawn(let existing):
            try accounts.auditRefusedSignIn(existing, method: "google", ipAddress: context.remoteAddress)
            throw GoogleSignInError.accessWithdrawn(identity.email)
        }
        // signIn audits its own refusal (a whitelist entry removed since `link`, or every
        // admitting organization removed them).
        guard let signedIn = try accounts.signIn(user: user, method: "google", request: request, context: context) else {
            throw GoogleSignInError.accessWithdrawn(identity.email)
        }
        return try HTTPResponse.redirect(to: signedIn.destination(next: next))
    }

    /// What `link` did: linked (or created) the user, or found an existing user whom no
    /// whitelist admits any more (and changed nothing).
    enum LinkOutcome: Sendable {
        case linked(User)
        case accessWithdrawn(User)
    }

    /// In one transaction: finds the user by Google `sub`, else by email (case-insensitive);
    /// creates them when new; stores the `sub`; audits each change. Memberships and
    /// invitations are `AccountService.signIn`'s business, as for a password. Throws (and
    /// so creates nothing) when the email is unknown and not whitelisted, or when the
    /// account is already linked to another Google account. An existing user whose email
    /// no whitelist admits any more is `.accessWithdrawn`: memberships alone never let
    /// anyone in.
    func link(_ identity: VerifiedGoogleIdentity, ipAddress: String) throws -> LinkOutcome {
        try accounts.database.pool.transaction { transaction in
            try transaction.scope(organizationID: nil, email: identity.email)
            let matches = try transaction.whitelistMatches(email: identity.email)
            var user = try transaction.user(googleSubject: identity.subject)
            if user == nil {
                user = try transaction.user(email: identity.email)
            }
            if let existing = user, let linked = try transaction.googleSubject(userID: existing.id), linked != identity.subject {
                throw GoogleSignInError.linkedToAnotherGoogleAccount(identity.email)
            }
            if matches.isEmpty {
                guard let user else { throw GoogleSignInError.notWhitelisted(identity.email) }
                return .accessWithdrawn(user)
            }
            let created: Bool
            let account: User
            if let user {
                (account, created) = (user, false)
            } else {
                (account, created) = try transaction.ensureUser(email: identity.email, name: identity.name ?? "")
            }
            let newlyLinked = try transaction.linkGoogleSubject(userID: account.id, subject: identity.subject)
            if created || newlyLinked {
                // In the first organization they are a member of; a newcomer belongs to
                // none yet (the entry goes without one, as organizations see nothing of
                // people they only invited).
                try transaction.scope(organizationID: nil, userID: account.id, email: account.email)
                let organizationID = try transaction.admittedMemberships(userID: account.id).first?.organizationID
                try transaction.scope(organizationID: organizationID, userID: account.id)
                try transaction.audit(AuditEvent(
                    organizationID: organizationID, actorUserID: account.id,
                    action: created ? "user.created" : "user.google_linked",
                    entityType: "user", entityID: String(account.id),
                    newValues: ["email": account.email, "google_subject": identity.subject],
                    ipAddress: ipAddress
                ))
            }
            return .linked(account)
        }
    }

    /// `GoogleSignInController.recordRefusal`: an audit entry without an organization
    /// (none is known yet) naming what was refused, and the detail in the log.
    func recordRefusal(_ error: GoogleSignInError, _ request: HTTPRequest, _ context: RequestContext, log: LogWriter) {
        log.write("google sign-in refused [\(context.requestID)]: \(error.description)")
        var values = ["reason": error.auditAction]
        if !error.detail.isEmpty { values["detail"] = String(error.detail.prefix(500)) }
        do {
            try accounts.database.pool.transaction { transaction in
                try transaction.scope(organizationID: nil)
                try transaction.audit(AuditEvent(
                    organizationID: nil, actorUserID: nil, action: error.auditAction, entityType: "google_sign_in",
                    entityID: nil, newValues: values, ipAddress: context.remoteAddress
                ))
            }
        } catch {
            log.write("google sign-in refusal could not be audited [\(context.requestID)]: \(error)")
        }
    }
}

extension Transaction {
    func user(googleSubject: String) throws -> User? {
        try query("SELECT \(User.columns) FROM users WHERE google_subject = \(googleSubject)", as: User.self).first
    }

    func googleSubject(userID: Int64) throws -> String? {
        try query("SELECT google_subject FROM users WHERE id = \(userID)").first.flatMap { try $0.decode(String?.self, at: 0) }
    }

    /// Stores the Google `sub` on a user not linked yet; returns whether it did.
    func linkGoogleSubject(userID: Int64, subject: String) throws -> Bool {
        try execute(
            "UPDATE users SET google_subject = \(subject), updated_at = now() WHERE id = \(userID) AND google_subject IS NULL"
        ) == 1
    }
}
