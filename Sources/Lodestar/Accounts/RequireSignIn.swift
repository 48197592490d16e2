import Foundation
import HTTP
import Web

/// Lets only signed-in members through: loads the session's user, their memberships and
/// their role's permissions into `AuthenticatedContext`. Without a signed-in session the
/// answer is 303 to `/login?next=<this page>` (saying the session expired when it did).
/// Runs after `SessionMiddleware` and `CSRFMiddleware`.
struct RequireSignIn: Middleware {
    let accounts: AccountService

    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        guard let session = context.session else { throw AccountsError("RequireSignIn needs SessionMiddleware") }
        guard let userID = session.userID, let loaded = try load(userID: userID, session: session) else {
            return try Self.redirectToLogin(request, session: session)
        }
        var context = context
        context[SignedInKey.self] = AuthenticatedContext(
            request: context, user: loaded.user, membership: loaded.membership,
            memberships: loaded.memberships, permissions: loaded.permissions
        )
        return try next(request, context)
    }

    private struct Loaded {
        let user: User
        let membership: Membership
        let memberships: [Membership]
        let permissions: Set<Permission>
    }

    private func load(userID: Int64, session: SessionHandle) throws -> Loaded? {
        let organizationID = session.current?.organizationID
        let loaded: Loaded? = try accounts.database.tenant(organizationID: organizationID, userID: userID) { transaction in
            guard let user = try transaction.user(id: userID) else { return nil }
            let memberships = try transaction.memberships(userID: userID)
            guard let membership = memberships.first(where: { $0.organizationID == organizationID }) ?? memberships.first
            else { return nil }
            return Loaded(
                user: user, membership: membership, memberships: memberships,
                permissions: try transaction.permissions(role: membership.role)
            )
        }
        guard let loaded else {
            // No longer a member anywhere (or deleted): the session is over.
            session.end()
            return nil
        }
        if loaded.membership.organizationID != organizationID {
            session.modify { $0.organizationID = loaded.membership.organizationID }
        }
        return loaded
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
