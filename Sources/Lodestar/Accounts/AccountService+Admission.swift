import Foundation
import Postgres

/// What the whitelist does when someone signs in: it invites, it does not enrol.
///
/// For every organization whose whitelist admits the email and where the person is not a
/// member, an invitation is made (or kept) for them to accept or decline after signing
/// in; nothing of theirs appears in that organization before they accept. Two exceptions:
/// - an organization whose admin removed them is skipped altogether (the removal holds
///   until an admin invites them again), as is one whose invitation they declined or
///   whose admin withdrew it;
/// - the very first sign-in of someone whose admitting entries are all trusted (put there
///   by the operator) joins those organizations directly, so a single-company install
///   stays one step.
extension AccountService {
    /// Where a person stands after `admit`: their admitted memberships and how many
    /// invitations wait for their answer.
    struct Admission: Sendable {
        let memberships: [Membership]
        let pendingInvitations: Int
        /// Whether some whitelist admits the email at all (a refusal says why it refused).
        let whitelisted: Bool
    }

    func admit(_ user: User, method: String, ipAddress: String) throws -> Admission {
        try database.pool.transaction { transaction in
            try transaction.scope(organizationID: nil, userID: user.id, email: user.email)
            let matches = try transaction.whitelistMatches(email: user.email)
            let memberOf = Set(try transaction.memberships(userID: user.id).map(\.organizationID))
            let removedFrom = try transaction.removedFrom(userID: user.id)
            let invitations = try transaction.invitations(email: user.email)
            let candidates = matches.filter { !memberOf.contains($0.organizationID) && !removedFrom.contains($0.organizationID) }
            let joinDirectly = try !candidates.isEmpty && candidates.allSatisfy(\.trusted)
                && transaction.neverSignedIn(userID: user.id)
            for match in candidates {
                let invitation = invitations[match.organizationID]
                try transaction.scope(organizationID: match.organizationID, userID: user.id, email: user.email)
                if joinDirectly {
                    let role = invitation?.status == .pending ? invitation?.role ?? match.role : match.role
                    try transaction.addMembership(organizationID: match.organizationID, userID: user.id, role: role)
                    if let invitation { try transaction.setInvitationStatus(id: invitation.id, .accepted) }
                    try transaction.audit(AuditEvent(
                        organizationID: match.organizationID, actorUserID: user.id, action: "member.joined",
                        entityType: "user", entityID: String(user.id),
                        newValues: ["email": user.email, "role": role.rawValue, "whitelist": match.pattern, "trusted": "yes", "via": method],
                        ipAddress: ipAddress
                    ))
                } else if invitation == nil || invitation?.status == .accepted {
                    // Accepted once but no longer a member without a removal on record (the
                    // membership went with its organization's data, say): ask again.
                    try transaction.invite(
                        organizationID: match.organizationID, email: user.email, role: match.role,
                        entryID: match.entryID, invitedBy: nil)
                }
            }
            try transaction.scope(organizationID: nil, userID: user.id, email: user.email)
            return Admission(
                memberships: try transaction.admittedMemberships(userID: user.id),
                pendingInvitations: try transaction.pendingInvitations(userID: user.id, email: user.email).count,
                whitelisted: !matches.isEmpty
            )
        }
    }
}
