import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/settings/members`: the organization's members; with `member.manage`, add a
/// whitelisted person, change a role, remove a member. The last admin can be neither
/// demoted nor removed.
struct MembersController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, error: nil, email: "", role: .viewer)
    }

    func add(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let form = try request.formData()
        let role = try Self.role(form)
        if let problem = ControlCharacters.problem(in: form["email"] ?? "", field: "email") {
            return try render(auth, error: problem, email: "", role: role, status: .unprocessableContent)
        }
        guard let email = WhitelistPattern.email(form["email"] ?? "") else {
            return try render(auth, error: "Enter an email address such as ann@example.com.", email: form["email"] ?? "", role: role, status: .unprocessableContent)
        }
        let whitelisted = try accounts.whitelistMatches(email: email).contains { $0.organizationID == auth.organizationID }
        guard whitelisted else {
            return try render(auth, error: "\(email) is not on this organization's whitelist. Add it (or its domain) there first.", email: email, role: role, status: .unprocessableContent)
        }
        let added = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let (user, _) = try transaction.ensureUser(email: email)
            guard try transaction.addMembership(organizationID: auth.organizationID, userID: user.id, role: role) else { return false }
            try transaction.audit(auth.auditEvent("member.added", entityType: "user", entityID: String(user.id), new: ["email": email, "role": role.rawValue]))
            return true
        }
        try auth.session?.flash(added ? .success : .info, added ? "\(email) is now a member (\(role.label))." : "\(email) is already a member.")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    func changeRole(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let userID = try auth.request.parameters.int64("userID")
        let role = try Self.role(try request.formData())
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let old = try Self.lockedRole(transaction, organizationID: auth.organizationID, userID: userID)
            guard old != role else { return }
            if old == .admin { try Self.requireAnotherAdmin(transaction, organizationID: auth.organizationID) }
            try transaction.execute("UPDATE memberships SET role_key = \(role.rawValue) WHERE organization_id = \(auth.organizationID) AND user_id = \(userID)")
            try transaction.audit(auth.auditEvent("member.role_changed", entityType: "user", entityID: String(userID), old: ["role": old.rawValue], new: ["role": role.rawValue]))
        }
        try auth.session?.flash(.success, "Role changed to \(role.label).")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    func remove(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let userID = try auth.request.parameters.int64("userID")
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let old = try Self.lockedRole(transaction, organizationID: auth.organizationID, userID: userID)
            if old == .admin { try Self.requireAnotherAdmin(transaction, organizationID: auth.organizationID) }
            try transaction.execute("DELETE FROM memberships WHERE organization_id = \(auth.organizationID) AND user_id = \(userID)")
            try transaction.audit(auth.auditEvent("member.removed", entityType: "user", entityID: String(userID), old: ["role": old.rawValue]))
        }
        try auth.session?.flash(.success, "The member was removed.")
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    /// The member's role, row locked; 404 when not a member of this organization.
    private static func lockedRole(_ transaction: Transaction, organizationID: Int64, userID: Int64) throws -> Role {
        guard let key = try transaction.query(
            "SELECT role_key FROM memberships WHERE organization_id = \(organizationID) AND user_id = \(userID) FOR UPDATE"
        ).first.map({ try $0.decode(String.self, at: 0) }), let role = Role(rawValue: key) else {
            throw WebError.notFound("That person is not a member of this organization.")
        }
        return role
    }

    /// Refuses (409) when the organization has a single admin who can get in (admins the
    /// whitelist no longer admits do not count): it would be left without one.
    private static func requireAnotherAdmin(_ transaction: Transaction, organizationID: Int64) throws {
        guard try transaction.admittedAdmins(organizationID: organizationID) > 1 else {
            throw WebError(.conflict, "This is the organization's last admin. Make someone else an admin first.")
        }
    }

    private static func role(_ form: FormData) throws -> Role {
        guard let role = Role(rawValue: form["role"] ?? "") else { throw WebError.badRequest("Choose one of the roles offered.") }
        return role
    }

    private func render(_ auth: AuthenticatedContext, error: String?, email: String, role: Role, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let rows = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.query(
                """
                SELECT u.id, u.email::text, u.name, m.role_key, m.created_at, \(Transaction.whitelistAdmitsMember)
                FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organization_id = \(auth.organizationID)
                ORDER BY u.email
                """)
        }
        let members: [MustacheValue] = try rows.map { row in
            let (id, memberEmail, name, key, since, admitted) = try row.decode(
                Int64.self, String.self, String.self, String.self, Date.self, Bool.self)
            let memberRole = Role(rawValue: key)
            return [
                "userID": .string(String(id)), "email": .string(memberEmail), "name": .string(name),
                "roleLabel": .string(memberRole?.label ?? key), "since": .string(SettingsTabs.date(since)),
                "roles": SettingsTabs.roleOptions(selected: memberRole), "isSelf": .bool(id == auth.user.id),
                "admitted": .bool(admitted),
            ]
        }
        let page: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/members"),
            "members": .list(members),
            "canManage": .bool(auth.can(.memberManage)),
            "error": error.mustacheValue,
            "invite": [
                "email": ["id": "invite-email", "name": "email", "label": "Email", "type": "email", "value": .string(email),
                          "required": true, "autocomplete": "off", "help": .null, "error": .null, "placeholder": "ann@example.com"],
                "role": ["id": "invite-role", "name": "role", "label": "Role", "isSelect": true, "options": SettingsTabs.roleOptions(selected: role),
                         "required": true, "help": .null, "error": .null, "value": .null, "autocomplete": .null],
            ],
        ]
        return try pages.render("settings/members", page, context: auth.request, section: .settings, status: status)
    }
}
