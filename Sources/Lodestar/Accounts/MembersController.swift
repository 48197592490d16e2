import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/settings/members`: the organization's members; with `member.manage`, invite a
/// whitelisted person (they join when they accept), change a role, remove a member
/// (`MembersController+Removal.swift`), withdraw an invitation. The last admin can be
/// neither demoted nor removed. Removed people are listed: the whitelist does not let
/// them back in, only inviting them again does.
struct MembersController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, error: nil, email: "", role: .viewer)
    }

    /// Invites the email (again): an admin's invitation, which also ends a recorded removal.
    func add(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let form = try request.formData()
        let role = try Self.role(form)
        if let problem = ControlCharacters.problem(in: form["email"] ?? "", field: "email") {
            return try render(auth, error: problem, email: "", role: role, status: .unprocessableContent)
        }
        guard let email = WhitelistPattern.email(form["email"] ?? "") else {
            return try render(auth, error: "Enter an email address such as ann@example.com.", email: form["email"] ?? "", role: role, status: .unprocessableContent)
        }
        guard let match = try accounts.whitelistMatches(email: email).first(where: { $0.organizationID == auth.organizationID }) else {
            return try render(auth, error: "\(email) is not on this organization's whitelist (a @domain entry counts once its domain is verified). "
                + "Add it there first.", email: email, role: role, status: .unprocessableContent)
        }
        let invited = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            if let user = try transaction.user(email: email) {
                guard try transaction.query(
                    "SELECT 1 FROM memberships WHERE organization_id = \(auth.organizationID) AND user_id = \(user.id)"
                ).isEmpty else { return false }
                try transaction.clearRemoval(organizationID: auth.organizationID, userID: user.id)
            }
            try transaction.invite(organizationID: auth.organizationID, email: email, role: role, entryID: match.entryID, invitedBy: auth.user.id)
            try transaction.audit(auth.auditEvent("member.invited", entityType: "invitation", entityID: email, new: ["email": email, "role": role.rawValue]))
            return true
        }
        try auth.session?.flash(invited ? .success : .info, invited
            ? "\(email) is invited as \(role.label). They become a member when they accept, after signing in."
            : "\(email) is already a member.")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    func changeRole(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let userID = try auth.request.parameters.int64("userID")
        let role = try Self.role(try request.formData())
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let old = try Self.lockedRole(transaction, organizationID: auth.organizationID, userID: userID)
            guard old != role else { return }
            if old == .admin { try Self.requireAnotherAdmin(transaction, organizationID: auth.organizationID) }
            try transaction.execute(
                """
                UPDATE memberships SET role_key = \(role.rawValue), role_set_by = \(auth.user.id), role_set_at = now()
                WHERE organization_id = \(auth.organizationID) AND user_id = \(userID)
                """)
            try transaction.audit(auth.auditEvent("member.role_changed", entityType: "user", entityID: String(userID), old: ["role": old.rawValue], new: ["role": role.rawValue]))
        }
        try auth.session?.flash(.success, "Role changed to \(role.label).")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    /// Takes an admin's invitation back; the whitelist does not renew it.
    func withdrawInvitation(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let email = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            guard let email = try transaction.query(
                """
                SELECT email::text FROM invitations
                WHERE id = \(id) AND organization_id = \(auth.organizationID) AND invited_by IS NOT NULL AND status IN ('pending', 'declined')
                FOR UPDATE
                """
            ).first.map({ try $0.decode(String.self, at: 0) }) else {
                throw WebError.notFound("That invitation does not exist, was accepted, or was withdrawn already.")
            }
            try transaction.setInvitationStatus(id: id, .withdrawn)
            try transaction.audit(auth.auditEvent("member.invitation_withdrawn", entityType: "invitation", entityID: email, old: ["email": email]))
            return email
        }
        try auth.session?.flash(.success, "The invitation of \(email) was withdrawn.")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    /// The member's role, row locked; 404 when not a member of this organization.
    static func lockedRole(_ transaction: Transaction, organizationID: Int64, userID: Int64) throws -> Role {
        guard let key = try transaction.query(
            "SELECT role_key FROM memberships WHERE organization_id = \(organizationID) AND user_id = \(userID) FOR UPDATE"
        ).first.map({ try $0.decode(String.self, at: 0) }), let role = Role(rawValue: key) else {
            throw WebError.notFound("That person is not a member of this organization.")
        }
        return role
    }

    /// Refuses (409) when the organization has a single admin who can get in (admins the
    /// whitelist no longer admits do not count): it would be left without one.
    static func requireAnotherAdmin(_ transaction: Transaction, organizationID: Int64) throws {
        guard try transaction.admittedAdmins(organizationID: organizationID) > 1 else {
            throw WebError(.conflict, "This is the organization's last admin. Make someone else an admin first.")
        }
    }

    private static func role(_ form: FormData) throws -> Role {
        guard let role = Role(rawValue: form["role"] ?? "") else { throw WebError.badRequest("Choose one of the roles offered.") }
        return role
    }

    private func render(_ auth: AuthenticatedContext, error: String?, email: String, role: Role, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let (rows, invitations, removals) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            (try transaction.query(
                """
                SELECT u.id, u.email::text, u.name, m.role_key, m.created_at, \(Transaction.whitelistAdmitsMember),
                       coalesce(s.email::text, ''), m.role_set_at
                FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN users s ON s.id = m.role_set_by
                WHERE m.organization_id = \(auth.organizationID)
                ORDER BY u.email
                """),
             try transaction.invitationsByAdmins(organizationID: auth.organizationID),
             try transaction.removals(organizationID: auth.organizationID))
        }
        let members: [MustacheValue] = try rows.map { row in
            let (id, memberEmail, name, key, since, admitted, setBy, setAt) = try row.decode(
                Int64.self, String.self, String.self, String.self, Date.self, Bool.self, String.self, Date?.self)
            let memberRole = Role(rawValue: key)
            return [
                "userID": .string(String(id)), "email": .string(memberEmail), "name": .string(name),
                "roleLabel": .string(memberRole?.label ?? key), "since": .string(SettingsTabs.date(since)),
                "roleSet": setAt.map { .string("set by \(setBy.isEmpty ? "a former user" : setBy) on \(SettingsTabs.date($0))") } ?? .null,
                "roles": SettingsTabs.roleOptions(selected: memberRole), "isSelf": .bool(id == auth.user.id),
                "admitted": .bool(admitted),
            ]
        }
        let page: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/members"),
            "members": .list(members),
            "invitations": .list(invitations.map { invitation in
                [
                    "id": .string(String(invitation.id)), "email": .string(invitation.email), "roleLabel": .string(invitation.role.label),
                    "invitedBy": .string(invitation.invitedBy ?? ""), "since": .string(SettingsTabs.date(invitation.updatedAt)),
                    "declined": .bool(invitation.status == .declined),
                ]
            }),
            "hasInvitations": .bool(!invitations.isEmpty),
            "removed": .list(removals.map { removal in
                [
                    "email": .string(removal.email), "roleLabel": .string(removal.role.label), "role": .string(removal.role.rawValue),
                    "removedBy": .string(removal.removedBy ?? "the operator"), "when": .string(SettingsTabs.date(removal.removedAt)),
                ]
            }),
            "hasRemoved": .bool(!removals.isEmpty),
            "canManage": .bool(auth.can(.memberManage)),
            "error": error.mustacheValue,
            "invite": [
                "email": ["id": "invite-email", "name": "email", "label": "Email", "type": "email", "value": .string(email),
                          "required": true, "autocomplete": "off", "help": .null, "error": .null, "placeholder": "ann@example.com"],
                // Not required: Viewer is preselected (a required select would need an empty first option).
                "role": ["id": "invite-role", "name": "role", "label": "Role", "isSelect": true, "options": SettingsTabs.roleOptions(selected: role),
                         "required": false, "help": .null, "error": .null, "value": .null, "autocomplete": .null],
            ],
        ]
        return try pages.render("settings/members", page, context: auth.request, section: .settings, status: status)
    }
}
