import Foundation
import Postgres

/// An organization's invitation to one email: made by its whitelist when the person
/// signs in, or by an admin on the members page. Nothing of the person shows in the
/// organization until they accept.
struct Invitation: Sendable, Equatable, RowDecodable {
    enum Status: String, Sendable {
        case pending, accepted, declined
        /// An admin took their invitation back; the whitelist does not renew it.
        case withdrawn
    }

    let id: Int64
    let organizationID: Int64
    let organizationName: String
    let email: String
    let role: Role
    let status: Status
    /// The admin who invited, or nil when the whitelist entry `pattern` did.
    let invitedBy: String?
    let pattern: String?
    let updatedAt: Date

    init(row: Row) throws {
        id = try row.decode(column: "id")
        organizationID = try row.decode(column: "organization_id")
        organizationName = try row.decode(column: "organization_name")
        email = try row.decode(column: "email")
        let roleKey: String = try row.decode(column: "role_key")
        let statusKey: String = try row.decode(column: "status")
        guard let role = Role(rawValue: roleKey), let status = Status(rawValue: statusKey) else {
            throw AccountsError("invitation \(id) has role '\(roleKey)' and status '\(statusKey)'")
        }
        self.role = role
        self.status = status
        invitedBy = try row.decode(column: "invited_by")
        pattern = try row.decode(column: "pattern")
        updatedAt = try row.decode(column: "updated_at")
    }

    static let select: Query = """
        SELECT i.id, i.organization_id, o.name::text AS organization_name, i.email::text AS email, i.role_key,
               i.status, a.email::text AS invited_by, w.pattern::text AS pattern, i.updated_at
        FROM invitations i
        JOIN organizations o ON o.id = i.organization_id
        LEFT JOIN users a ON a.id = i.invited_by
        LEFT JOIN whitelist_entries w ON w.id = i.whitelist_entry_id
        """
}

/// A membership an admin ended: who, with which role, by whom (nil: the operator, or
/// an admin whose account is gone), when.
struct MembershipRemoval: Sendable {
    let userID: Int64
    let email: String
    let role: Role
    let removedBy: String?
    let removedAt: Date
}

/// The SQL of invitations and of removals (memberships an admin ended, which the
/// whitelist must not bring back).
extension Transaction {
    /// The person's invitations they can still answer: pending, in organizations whose
    /// whitelist still admits their email and where they are not a member already. Needs a
    /// scope with the user's id and email (the policies show their own rows by those).
    func pendingInvitations(userID: Int64, email: String) throws -> [Invitation] {
        try query(
            """
            \(Invitation.select)
            WHERE i.email = \(email)::citext AND i.status = 'pending'
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = i.organization_id AND m.user_id = \(userID))
              AND \(Self.whitelistAdmits(organization: "i.organization_id", email: "i.email"))
            ORDER BY o.name
            """, as: Invitation.self)
    }

    /// Every invitation for `email`, whatever its status, by organization.
    func invitations(email: String) throws -> [Int64: Invitation] {
        let rows = try query("\(Invitation.select) WHERE i.email = \(email)::citext", as: Invitation.self)
        return Dictionary(rows.map { ($0.organizationID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One invitation, locked, when it is addressed to `email` (404 material otherwise).
    func invitation(id: Int64, email: String) throws -> Invitation? {
        try query(
            "\(Invitation.select) WHERE i.id = \(id) AND i.email = \(email)::citext FOR UPDATE OF i",
            as: Invitation.self
        ).first
    }

    /// The invitations admins of the organization made that are not accepted, newest first.
    func invitationsByAdmins(organizationID: Int64) throws -> [Invitation] {
        try query(
            """
            \(Invitation.select)
            WHERE i.organization_id = \(organizationID) AND i.invited_by IS NOT NULL AND i.status IN ('pending', 'declined')
            ORDER BY i.updated_at DESC, i.id DESC
            """, as: Invitation.self)
    }

    /// Invites `email` (or invites them again: any earlier answer becomes pending). An
    /// admin's invitation (`invitedBy`) replaces one the whitelist made, never the reverse.
    func invite(organizationID: Int64, email: String, role: Role, entryID: Int64?, invitedBy: Int64?) throws {
        try execute(
            """
            INSERT INTO invitations (organization_id, email, role_key, whitelist_entry_id, invited_by)
            VALUES (\(organizationID), \(email)::citext, \(role.rawValue), \(entryID), \(invitedBy))
            ON CONFLICT (organization_id, email) DO UPDATE
            SET status = 'pending', role_key = EXCLUDED.role_key, whitelist_entry_id = EXCLUDED.whitelist_entry_id,
                invited_by = EXCLUDED.invited_by, created_at = now(), updated_at = now(), responded_at = NULL
            """)
    }

    /// Records the person's answer (or an admin's withdrawal) on an invitation.
    func setInvitationStatus(id: Int64, _ status: Invitation.Status) throws {
        let answered = status == .accepted || status == .declined
        try execute(
            """
            UPDATE invitations SET status = \(status.rawValue), updated_at = now(),
                   responded_at = CASE WHEN \(answered) THEN now() ELSE responded_at END
            WHERE id = \(id)
            """)
    }

    /// The organizations whose admins removed the user (needs a scope with `userID`).
    func removedFrom(userID: Int64) throws -> Set<Int64> {
        Set(try query("SELECT organization_id FROM membership_removals WHERE user_id = \(userID)").decodeColumn(Int64.self))
    }

    /// Records that an admin (`removedBy`; nil: the operator) ended the membership.
    func recordRemoval(organizationID: Int64, userID: Int64, role: Role, removedBy: Int64?) throws {
        try execute(
            """
            INSERT INTO membership_removals (organization_id, user_id, role_key, removed_by)
            VALUES (\(organizationID), \(userID), \(role.rawValue), \(removedBy))
            ON CONFLICT (organization_id, user_id) DO UPDATE
            SET role_key = EXCLUDED.role_key, removed_by = EXCLUDED.removed_by, removed_at = now()
            """)
    }

    /// The organization's recorded removals, newest first (the 100 latest).
    func removals(organizationID: Int64) throws -> [MembershipRemoval] {
        try query(
            """
            SELECT r.user_id, u.email::text, r.role_key, a.email::text, r.removed_at
            FROM membership_removals r JOIN users u ON u.id = r.user_id LEFT JOIN users a ON a.id = r.removed_by
            WHERE r.organization_id = \(organizationID)
            ORDER BY r.removed_at DESC, u.email LIMIT 100
            """
        ).map { row in
            let (userID, email, role, removedBy, removedAt) = try row.decode(Int64.self, String.self, String.self, String?.self, Date.self)
            return MembershipRemoval(userID: userID, email: email, role: Role(rawValue: role) ?? .viewer, removedBy: removedBy, removedAt: removedAt)
        }
    }

    /// Forgets a removal: an admin or the operator let the person in again.
    func clearRemoval(organizationID: Int64, userID: Int64) throws {
        try execute("DELETE FROM membership_removals WHERE organization_id = \(organizationID) AND user_id = \(userID)")
    }

    /// Whether the user has never completed a sign-in (their very first one is under way).
    func neverSignedIn(userID: Int64) throws -> Bool {
        try query("SELECT last_sign_in_at IS NULL FROM users WHERE id = \(userID)").first?.decode(Bool.self, at: 0) ?? false
    }
}
