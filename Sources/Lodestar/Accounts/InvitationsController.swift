import Foundation
import HTTP
import Mustache
import Web

/// `/invitations`: the organizations that invited the signed-in person, to accept or
/// decline. Outside `/app` because a person who has not joined any organization yet
/// opens it too (sign-in sends them here); it needs a signed-in session, nothing more.
struct InvitationsController: Sendable {
    static let path = "/invitations"

    let accounts: AccountService
    let pages: PageRenderer

    func index(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let person = try signedInPerson(context) else { return try Self.signInFirst(request, context) }
        let (invitations, memberships) = try accounts.database.tenant(
            organizationID: nil, userID: person.user.id, email: person.user.email
        ) { transaction in
            (try transaction.pendingInvitations(userID: person.user.id, email: person.user.email),
             try transaction.admittedMemberships(userID: person.user.id))
        }
        var context = context
        context[SignedInPersonKey.self] = SignedInPerson(
            user: person.user, organizationName: person.organizationName, pendingInvitations: invitations.count)
        let page: MustacheValue = [
            "invitations": .list(invitations.map { invitation in
                [
                    "id": .string(String(invitation.id)), "organization": .string(invitation.organizationName),
                    "roleLabel": .string(invitation.role.label),
                    "reason": .string(invitation.invitedBy.map { "Invited by \($0)" }
                        ?? "Your email is on its whitelist (\(invitation.pattern ?? person.user.email))"),
                    "since": .string(SettingsTabs.date(invitation.updatedAt)),
                ]
            }),
            "hasInvitations": .bool(!invitations.isEmpty),
            "isMember": .bool(!memberships.isEmpty),
        ]
        return try pages.render("accounts/invitations", page, context: context)
    }

    func accept(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let person = try signedInPerson(context) else { return try Self.signInFirst(request, context) }
        let invitation = try accounts.accept(
            invitationID: try context.parameters.int64("id"), user: person.user, ipAddress: context.remoteAddress)
        if person.organizationName == nil {
            // Their first organization: work in it from now on.
            context.session?.modify { $0.organizationID = invitation.organizationID }
        }
        try context.session?.flash(.success, "You joined \(invitation.organizationName) as \(invitation.role.label).")
        return try HTTPResponse.redirect(to: try remaining(person) > 0 ? Self.path : "/app")
    }

    func decline(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let person = try signedInPerson(context) else { return try Self.signInFirst(request, context) }
        let invitation = try accounts.decline(
            invitationID: try context.parameters.int64("id"), user: person.user, ipAddress: context.remoteAddress)
        try context.session?.flash(.info, "You declined the invitation of \(invitation.organizationName). It will not ask again.")
        return try HTTPResponse.redirect(to: Self.path)
    }

    /// The session's user and the organization it works in, or nil when nobody is signed in.
    private func signedInPerson(_ context: RequestContext) throws -> SignedInPerson? {
        guard let session = context.session else { throw AccountsError("the invitations need SessionMiddleware") }
        guard let userID = session.userID else { return nil }
        return try accounts.database.tenant(organizationID: nil, userID: userID) { transaction in
            guard let user = try transaction.user(id: userID) else { return nil }
            try transaction.setLocal("app.email", user.email)
            let organizationName = try transaction.admittedMemberships(userID: userID)
                .first { $0.organizationID == session.current?.organizationID }?.organizationName
            return SignedInPerson(user: user, organizationName: organizationName, pendingInvitations: 0)
        }
    }

    private func remaining(_ person: SignedInPerson) throws -> Int {
        try accounts.database.tenant(organizationID: nil, userID: person.user.id, email: person.user.email) {
            try $0.pendingInvitations(userID: person.user.id, email: person.user.email).count
        }
    }

    private static func signInFirst(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { throw AccountsError("the invitations need SessionMiddleware") }
        return try RequireSignIn.redirectToLogin(request, session: session)
    }
}
