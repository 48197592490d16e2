import Foundation
import HTTP
import Web

/// Lets only signed-in members through: loads the session's user, their memberships and
/// their role's permissions into `AuthenticatedContext`. Without a signed-in session the
/// answer is 303 to `/login?next=<this page>` (saying the session expired when it did).
/// Runs after `SessionMiddleware` and `CSRFMiddleware`.
///
/// The whitelist is checked on every request: only memberships in organizations whose
/// whitelist still admits the user's email count (`admittedMemberships`, one query). When
/// the session's organization no longer admits them, the session moves to another that
/// does (with a flash saying so); when none does, the person goes to their invitations
/// if any wait for an answer, else the session ends and the sign-in page says access
/// was withdrawn.
struct RequireSignIn: Middleware {
    let accounts: AccountService

    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        guard let session = context.session else { throw AccountsError("RequireSignIn needs SessionMiddleware") }
        guard let userID = session.userID else {
            return try Self.redirectToLogin(request, session: session)
        }
        switch try load(userID: userID, session: session) {
        case .signedIn(let loaded):
            var context = context
            context[SignedInPersonKey.self] = SignedInPerson(
                user: loaded.user, organizationName: loaded.membership.organizationName,
                pendingInvitations: loaded.pendingInvitations)
            context[SignedInKey.self] = AuthenticatedContext(
                request: context, user: loaded.user, membership: loaded.membership,
                memberships: loaded.memberships, permissions: loaded.permissions
            )
            return try next(request, context)
        case .userGone:
            return try Self.redirectToLogin(request, session: session)
        case .invitationsOnly:
            return try HTTPResponse.redirect(to: InvitationsController.path)
        case .accessWithdrawn:
            return try HTTPResponse.redirect(to: "/login?withdrawn=1")
        }
    }

    private struct Loaded {
        let user: User
        let membership: Membership
        let memberships: [Membership]
        let permissions: Set<Permission>
        let pendingInvitations: Int
    }

    private enum Outcome {
        case signedIn(Loaded)
        case userGone
        /// No organization admits them (yet), but invitations wait for their answer.
        case invitationsOnly
        case accessWithdrawn
    }

    private func load(userID: Int64, session: SessionHandle) throws -> Outcome {
        let organizationID = session.current?.organizationID
        let outcome: Outcome = try accounts.database.tenant(organizationID: organizationID, userID: userID) { transaction in
            guard let user = try transaction.user(id: userID) else { return .userGone }
            // The policies show the whitelist entries naming this email.
            try transaction.setLocal("app.email", user.email)
            let memberships = try transaction.admittedMemberships(userID: userID)
            let invitations = try transaction.pendingInvitations(userID: userID, email: user.email).count
            guard let membership = memberships.first(where: { $0.organizationID == organizationID }) ?? memberships.first
            else { return invitations > 0 ? .invitationsOnly : .accessWithdrawn }
            return .signedIn(Loaded(
                user: user, membership: membership, memberships: memberships,
                permissions: try transaction.permissions(role: membership.role), pendingInvitations: invitations
            ))
        }
        if case .invitationsOnly = outcome { return outcome }
        guard case .signedIn(let loaded) = outcome else {
            // Deleted, or no organization admits them any more: the session is over.
            session.end()
            return outcome
        }
        if loaded.membership.organizationID != organizationID {
            session.modify { $0.organizationID = loaded.membership.organizationID }
            if organizationID != nil {
                try session.flash(.info, "Your access to the organization you were working in was withdrawn, "
                    + "so you are now working in \(loaded.membership.organizationName).")
            }
        }
        return .signedIn(loaded)
    }

    static func redirectToLogin(_ request: HTTPRequest, session: SessionHandle) throws -> HTTPResponse {
        var target = "/login"
        if request.method == .get || request.method == .head {
            target += "?next=" + PercentEncoding.encode(request.target)
        }
        if session.wasExpired {
            target += (target.contains("?") ? "&" : "?") + "expired=1"
        }
        return try HTTPResponse.redirect(to: target)
    }
}

/// `next` after sign-in: only a path on this site, never another origin.
enum SafeRedirect {
    static func path(_ candidate: String?) -> String? {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              !candidate.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }),
              candidate.utf8.count <= 2000
        else { return nil }
        return candidate
    }
}
