import Foundation
import Postgres
import Security
import Web

/// What `lodestar create-admin` and `lodestar whitelist` do, callable without a terminal
/// (the commands only parse arguments and read the password).
public struct AccountAdministration: Sendable {
    let pool: ConnectionPool
    let hasher: PasswordHasher

    public init(pool: ConnectionPool) {
        self.pool = pool
        hasher = PasswordHasher()
    }

    /// Makes `email` an admin of the organization `organizationName` (created when new):
    /// the email goes on the whitelist as admin (trusted: the operator vouches for it), the
    /// user is created with `password` (or, when they exist, keeps their password and gets
    /// the admin membership, even after an admin removed them: the operator's word ends
    /// the removal). Checks the password against the policy first. Returns what was done,
    /// one line each.
    public func createAdmin(email: String, organizationName: String, password: String) throws -> [String] {
        try Self.refuseControlCharacters(email, field: "email")
        try Self.refuseControlCharacters(organizationName, field: "organization name")
        guard let email = WhitelistPattern.email(email) else {
            throw AdministrationError("'\(email)' is not an email address")
        }
        let name = organizationName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw AdministrationError("the organization name must be 1 to 200 characters") }
        if let violation = PasswordPolicy().violation(for: password, email: email) {
            throw AdministrationError("password refused: \(violation.message)")
        }
        let hash = try hasher.hash(password: password)
        return try pool.transaction { transaction in
            var report: [String] = []
            let (organizationID, created) = try transaction.ensureOrganization(named: name)
            try transaction.scope(organizationID: organizationID)
            report.append(created ? "created organization \(name)" : "organization \(name) exists")
            if created {
                try transaction.audit(AuditEvent(organizationID: organizationID, action: "organization.created",
                                                 entityType: "organization", entityID: String(organizationID), newValues: ["name": name]))
            }
            let previous = try transaction.upsertWhitelist(organizationID: organizationID, pattern: email, role: .admin, addedBy: nil, trusted: true)
            if previous?.role != .admin {
                try transaction.audit(AuditEvent(organizationID: organizationID, action: previous == nil ? "whitelist.added" : "whitelist.changed",
                                                 entityType: "whitelist_entry", entityID: email,
                                                 oldValues: previous.map { ["role": $0.role.rawValue] }, newValues: ["pattern": email, "role": "admin"]))
                report.append("whitelisted \(email) as admin")
            }
            let (user, userCreated) = try transaction.ensureUser(email: email)
            if userCreated || user.passwordHash == nil {
                try transaction.setPasswordHash(userID: user.id, hash)
                report.append(userCreated ? "created user \(email)" : "set the password of \(email)")
            } else {
                report.append("user \(email) exists; their password was kept")
            }
            let old = try transaction.query(
                "SELECT role_key FROM memberships WHERE organization_id = \(organizationID) AND user_id = \(user.id) FOR UPDATE"
            ).first.map { try $0.decode(String.self, at: 0) }
            if old == nil {
                try transaction.addMembership(organizationID: organizationID, userID: user.id, role: .admin)
                try transaction.clearRemoval(organizationID: organizationID, userID: user.id)
            } else if old != "admin" {
                try transaction.execute("UPDATE memberships SET role_key = 'admin' WHERE organization_id = \(organizationID) AND user_id = \(user.id)")
            }
            if old != "admin" {
                try transaction.audit(AuditEvent(organizationID: organizationID, action: old == nil ? "member.added" : "member.role_changed",
                                                 entityType: "user", entityID: String(user.id),
                                                 oldValues: old.map { ["role": $0] }, newValues: ["email": email, "role": "admin"]))
                report.append("\(email) is now an admin of \(name)")
            } else {
                report.append("\(email) was already an admin of \(name)")
            }
            return report
        }
    }

    /// Adds `pattern` (an email or `@domain`) to the organization's whitelist with `role`
    /// (or changes its role). `trusted` is the operator vouching for the entry: a @domain
    /// needs no DNS proof, and a person's very first sign-in joins directly when all the
    /// entries admitting them are trusted. Trust is never taken away here (remove the
    /// entry for that). Returns a one-line report.
    public func addToWhitelist(_ pattern: String, organizationName: String, role roleName: String, trusted: Bool = false) throws -> String {
        try Self.refuseControlCharacters(pattern, field: "email or domain")
        guard let normalized = WhitelistPattern.normalize(pattern) else {
            throw AdministrationError("'\(pattern)' is neither an email address nor a domain like @example.com")
        }
        guard let role = Role(rawValue: roleName.lowercased()) else {
            throw AdministrationError("unknown role '\(roleName)'; use admin, manager, analyst or viewer")
        }
        return try inOrganization(organizationName) { transaction, organizationID in
            let previous = try transaction.upsertWhitelist(
                organizationID: organizationID, pattern: normalized, role: role, addedBy: nil, trusted: trusted)
            let newlyTrusted = trusted && previous?.trusted == false
            guard previous?.role != role || newlyTrusted else {
                return "\(normalized) is already whitelisted as \(role.rawValue)\(previous?.trusted == true ? " (trusted)" : "")"
            }
            var values = ["pattern": normalized, "role": role.rawValue]
            if trusted { values["trusted"] = "yes" }
            try transaction.audit(AuditEvent(organizationID: organizationID, action: previous == nil ? "whitelist.added" : "whitelist.changed",
                                             entityType: "whitelist_entry", entityID: normalized,
                                             oldValues: previous.map { ["role": $0.role.rawValue, "trusted": $0.trusted ? "yes" : "no"] },
                                             newValues: values))
            let trust = "trusted: no domain proof, and a first sign-in joins without an invitation"
            if previous?.role == role { return "\(normalized) is now \(trust)" }
            let what = previous == nil ? "whitelisted \(normalized) as \(role.rawValue)" : "\(normalized) now gets the role \(role.rawValue)"
            if trusted { return what + " (\(trust))" }
            guard normalized.hasPrefix("@"), previous == nil, let token = try transaction.query(
                "SELECT verification_token FROM whitelist_entries WHERE organization_id = \(organizationID) AND pattern = \(normalized)::citext"
            ).first?.decode(String?.self, at: 0) else { return what }
            return what + "; it admits nobody until the domain is proved: publish TXT \(DomainVerification.recordName(for: normalized)) "
                + "\"\(DomainVerification.recordValue(token: token))\" and press Check now on the whitelist page (or add it with --trusted)"
        }
    }

    /// Removes `pattern` from the organization's whitelist; the report says how many
    /// current members no remaining entry admits (they lose access at their next request).
    public func removeFromWhitelist(_ pattern: String, organizationName: String) throws -> String {
        try Self.refuseControlCharacters(pattern, field: "email or domain")
        let normalized = WhitelistPattern.normalize(pattern) ?? pattern
        return try inOrganization(organizationName) { transaction, organizationID in
            guard let (role, admitted) = try transaction.query(
                """
                DELETE FROM whitelist_entries w WHERE w.organization_id = \(organizationID) AND w.pattern = \(normalized)::citext
                RETURNING w.role_key, \(Transaction.entryAdmits)
                """
            ).first.map({ try $0.decode(String.self, Bool.self) }) else {
                throw AdministrationError("\(normalized) is not on the whitelist of \(organizationName)")
            }
            let affected = admitted ? try transaction.membersLosingAccess(organizationID: organizationID, removedPattern: normalized) : 0
            try transaction.audit(AuditEvent(organizationID: organizationID, action: "whitelist.removed", entityType: "whitelist_entry",
                                             entityID: normalized, oldValues: ["pattern": normalized, "role": role],
                                             newValues: ["members_losing_access": String(affected)]))
            return "removed \(normalized) from the whitelist; \(affected) current member(s) lose access to \(organizationName)"
        }
    }

    /// The organization's whitelist, one line per entry: pattern, role, status (trusted,
    /// verified, unverified for a domain awaiting proof, invites for an exact address), who
    /// added it, when.
    public func listWhitelist(organizationName: String) throws -> [String] {
        try inOrganization(organizationName) { transaction, organizationID in
            try transaction.query(
                """
                SELECT w.pattern::text, w.role_key, coalesce(u.email::text, 'command line'), to_char(w.added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                       CASE WHEN w.trusted THEN 'trusted' WHEN w.verified_at IS NOT NULL THEN 'verified'
                            WHEN left(w.pattern::text, 1) = '@' THEN 'unverified' ELSE 'invites' END
                FROM whitelist_entries w LEFT JOIN users u ON u.id = w.added_by
                WHERE w.organization_id = \(organizationID) ORDER BY w.pattern
                """
            ).map { row in
                let (pattern, role, addedBy, addedAt, status) = try row.decode(String.self, String.self, String.self, String.self, String.self)
                return "\(pattern)\t\(role)\t\(status)\t\(addedBy)\t\(addedAt)"
            }
        }
    }

    private func inOrganization<T>(_ name: String, _ body: (Transaction, Int64) throws -> T) throws -> T {
        try Self.refuseControlCharacters(name, field: "organization name")
        return try pool.transaction { transaction in
            guard let organization = try transaction.organization(named: name) else {
                throw AdministrationError("no organization named '\(name)' (create-admin creates one)")
            }
            try transaction.scope(organizationID: organization.id)
            return try body(transaction, organization.id)
        }
    }
}

extension AccountAdministration {
    /// The same check the browser's forms make, as a command-line error.
    static func refuseControlCharacters(_ text: String, field: String) throws {
        if let problem = ControlCharacters.problem(in: text, field: field) { throw AdministrationError(problem) }
    }
}

/// A command-line request that cannot be done, with a message saying why.
public struct AdministrationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
