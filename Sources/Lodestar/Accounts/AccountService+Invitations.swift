import Foundation
import Postgres
import Web

/// Answering an invitation. Accepting makes the membership (the first trace of the person
/// in that organization: `member.joined` in its audit log); declining leaves nothing there
/// (the answer is audited without an organization) and the whitelist does not ask again.
extension AccountService {
    static let invitationGoneMessage = "That invitation does not exist or was answered already."

    /// Accepts `invitationID` for `user`; returns the invitation as it was.
    func accept(invitationID: Int64, user: User, ipAddress: String) throws -> Invitation {
        try database.pool.transaction { transaction in
            try transaction.scope(organizationID: nil, userID: user.id, email: user.email)
            let invitation = try Self.pending(invitationID, user: user, in: transaction)
            guard try transaction.whitelistMatches(email: user.email).contains(where: { $0.organizationID == invitation.organizationID })
            else {
                throw WebError(.conflict, "\(invitation.organizationName) no longer has \(user.email) on its whitelist, "
                    + "so this invitation cannot be accepted. Ask one of its admins.")
            }
            try transaction.scope(organizationID: invitation.organizationID, userID: user.id, email: user.email)
            try transaction.addMembership(organizationID: invitation.organizationID, userID: user.id, role: invitation.role)
            try transaction.clearRemoval(organizationID: invitation.organizationID, userID: user.id)
            try transaction.setInvitationStatus(id: invitation.id, .accepted)
            var values = ["email": user.email, "role": invitation.role.rawValue, "via": "invitation"]
            values["invited_by"] = invitation.invitedBy
            values["whitelist"] = invitation.invitedBy == nil ? invitation.pattern : nil
            try transaction.audit(AuditEvent(
                organizationID: invitation.organizationID, actorUserID: user.id, action: "member.joined",
                entityType: "user", entityID: String(user.id), newValues: values, ipAddress: ipAddress
            ))
            return invitation
        }
    }

    /// Declines `invitationID` for `user`; returns the invitation as it was.
    func decline(invitationID: Int64, user: User, ipAddress: String) throws -> Invitation {
        try database.pool.transaction { transaction in
            try transaction.scope(organizationID: nil, userID: user.id, email: user.email)
            let invitation = try Self.pending(invitationID, user: user, in: transaction)
            try transaction.setInvitationStatus(id: invitation.id, .declined)
            try transaction.audit(AuditEvent(
                organizationID: nil, actorUserID: user.id, action: "invitation.declined", entityType: "invitation",
                entityID: String(invitation.id), newValues: ["organization": invitation.organizationName, "role": invitation.role.rawValue],
                ipAddress: ipAddress
            ))
            return invitation
        }
    }

    /// The user's pending invitation `id`, locked; 404 when it is not theirs or not pending.
    private static func pending(_ id: Int64, user: User, in transaction: Transaction) throws -> Invitation {
        guard let invitation = try transaction.invitation(id: id, email: user.email), invitation.status == .pending else {
            throw WebError.notFound(invitationGoneMessage)
        }
        return invitation
    }
}
