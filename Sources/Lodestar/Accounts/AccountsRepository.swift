import Foundation
import Postgres
import Security

/// The SQL of accounts and access, as functions on an open transaction (so callers
/// compose them, with the audit entry, in one transaction). Tenant tables are read and
/// written only inside `Database.tenant` scopes.
extension Transaction {
    func user(email: String) throws -> User? {
        try query("SELECT \(User.columns) FROM users WHERE email = \(email)::citext", as: User.self).first
    }

    func user(id: Int64) throws -> User? {
        try query("SELECT \(User.columns) FROM users WHERE id = \(id)", as: User.self).first
    }

    /// Creates the user, or returns the existing one with this email.
    func ensureUser(email: String, name: String = "") throws -> (User, created: Bool) {
        let inserted = try query(
            """
            INSERT INTO users (email, name) VALUES (\(email)::citext, \(name))
            ON CONFLICT (email) DO NOTHING
            RETURNING \(User.columns)
            """, as: User.self)
        if let user = inserted.first { return (user, true) }
        guard let user = try user(email: email) else { throw AccountsError("user \(email) vanished") }
        return (user, false)
    }

    func setPasswordHash(userID: Int64, _ hash: String) throws {
        try execute("UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(userID)")
    }

    /// Every membership of the user, whether or not the whitelist still admits them (needs
    /// a scope with `userID` set). Access goes by `admittedMemberships` instead.
    func memberships(userID: Int64) throws -> [Membership] {
        try query(
            """
            SELECT m.organization_id, o.name::text AS organization_name, m.user_id, m.role_key
            FROM memberships m JOIN organizations o ON o.id = m.organization_id
            WHERE m.user_id = \(userID)
            ORDER BY o.name
            """, as: Membership.self)
    }

    /// The user's memberships that give access: those in organizations whose whitelist
    /// still admits the user's email (an exact entry or one for its whole domain).
    /// Needs a scope with `userID` and the user's `email` set: the policies show only the
    /// whitelist entries naming that email, so a wrong or missing email admits nothing.
    /// One query; the EXISTS probes the (organization_id, pattern) unique index.
    func admittedMemberships(userID: Int64) throws -> [Membership] {
        try query(
            """
            SELECT m.organization_id, o.name::text AS organization_name, m.user_id, m.role_key
            FROM memberships m
            JOIN organizations o ON o.id = m.organization_id
            JOIN users u ON u.id = m.user_id
            WHERE m.user_id = \(userID) AND \(Self.whitelistAdmitsMember)
            ORDER BY o.name
            """, as: Membership.self)
    }

    /// How many members of the organization `pattern` admitted that no remaining entry of
    /// its whitelist admits (run after deleting the entry, in the same transaction).
    func membersLosingAccess(organizationID: Int64, removedPattern pattern: String) throws -> Int {
        Int(try query(
            """
            SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID)
              AND \(pattern)::citext IN (u.email, ('@' || split_part(u.email::text, '@', 2))::citext)
              AND NOT \(Self.whitelistAdmitsMember)
            """).single(Int64.self))
    }

    /// How many admins of the organization its whitelist admits: the admins who can
    /// still get in. Locks their membership rows (the callers are about to change who is
    /// an admin or who is admitted).
    func admittedAdmins(organizationID: Int64) throws -> Int {
        try query(
            """
            SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID) AND m.role_key = 'admin' AND \(Self.whitelistAdmitsMember)
            FOR UPDATE OF m
            """).count
    }

    /// True when the whitelist of membership `m`'s organization admits user `u`'s email,
    /// by an exact entry or one for its domain (the aliases `m` and `u` must be in scope).
    static let whitelistAdmitsMember = whitelistAdmits(organization: "m.organization_id", email: "u.email")

    /// True when the whitelist of the organization in column `organization` admits the
    /// citext email in column `email`, by an exact entry or one for its domain.
    static func whitelistAdmits(organization: Query, email: Query) -> Query {
        """
        EXISTS (
            SELECT 1 FROM whitelist_entries w
            WHERE w.organization_id = \(organization)
              AND w.pattern IN (\(email), ('@' || split_part(\(email)::text, '@', 2))::citext)
              AND \(entryAdmits)
        )
        """
    }

    /// True when whitelist entry `w` admits anyone: an exact address always; a domain only
    /// once the operator trusts it or the organization proved it (`DomainVerification`).
    static let entryAdmits: Query = "(left(w.pattern::text, 1) <> '@' OR w.trusted OR w.verified_at IS NOT NULL)"

    /// The permissions a role grants.
    func permissions(role: Role) throws -> Set<Permission> {
        Set(try query("SELECT permission_key FROM role_permissions WHERE role_key = \(role.rawValue)")
            .decodeColumn(String.self).map(Permission.init(rawValue:)))
    }

    /// Whitelist entries letting `email` in, at most one per organization (an exact entry
    /// wins over a domain entry; a domain entry not yet proved admits nobody). Needs a
    /// scope with `email` set.
    func whitelistMatches(email: String) throws -> [WhitelistMatch] {
        let domain = "@" + (email.split(separator: "@").last.map(String.init) ?? "")
        let rows = try query(
            """
            SELECT DISTINCT ON (w.organization_id) w.id, w.organization_id, o.name::text, w.pattern::text, w.role_key, w.trusted
            FROM whitelist_entries w JOIN organizations o ON o.id = w.organization_id
            WHERE (w.pattern = \(email)::citext OR w.pattern = \(domain)::citext) AND \(Self.entryAdmits)
            ORDER BY w.organization_id, (w.pattern = \(email)::citext) DESC
            """)
        return try rows.map { row in
            let (id, organizationID, name, pattern, role, trusted) = try row.decode(
                Int64.self, Int64.self, String.self, String.self, String.self, Bool.self)
            return WhitelistMatch(
                entryID: id, organizationID: organizationID, organizationName: name, pattern: pattern,
                role: Role(rawValue: role) ?? .viewer, trusted: trusted
            )
        }
    }

    func organization(named name: String) throws -> (id: Int64, name: String)? {
        try query("SELECT id, name::text FROM organizations WHERE name = \(name)::citext").first
            .map { try $0.decode(Int64.self, String.self) }
    }

    /// The organization with this name, created when new.
    func ensureOrganization(named name: String) throws -> (id: Int64, created: Bool) {
        let inserted = try query(
            "INSERT INTO organizations (name) VALUES (\(name)) ON CONFLICT (name) DO NOTHING RETURNING id")
        if let row = inserted.first { return (try row.decode(Int64.self, at: 0), true) }
        guard let existing = try organization(named: name) else { throw AccountsError("organization vanished") }
        return (existing.id, false)
    }

    /// Adds the membership unless the user already has one there; returns whether it was added.
    @discardableResult
    func addMembership(organizationID: Int64, userID: Int64, role: Role) throws -> Bool {
        try execute(
            """
            INSERT INTO memberships (organization_id, user_id, role_key)
            VALUES (\(organizationID), \(userID), \(role.rawValue))
            ON CONFLICT (organization_id, user_id) DO NOTHING
            """) == 1
    }

    /// What a whitelist entry was before `upsertWhitelist` changed it.
    struct PreviousWhitelistEntry {
        let role: Role
        let trusted: Bool
    }

    /// Adds (or changes the role of) a whitelist entry; returns what it was before, if it
    /// existed. `trusted` (the operator's word) is only ever added, never taken away here.
    /// A new @domain entry gets the token its domain must publish (`DomainVerification`).
    func upsertWhitelist(
        organizationID: Int64, pattern: String, role: Role, addedBy: Int64?, trusted: Bool = false
    ) throws -> PreviousWhitelistEntry? {
        let previous = try query(
            """
            SELECT role_key, trusted FROM whitelist_entries
            WHERE organization_id = \(organizationID) AND pattern = \(pattern)::citext FOR UPDATE
            """
        ).first.flatMap { row -> PreviousWhitelistEntry? in
            let (key, trusted) = try row.decode(String.self, Bool.self)
            return Role(rawValue: key).map { PreviousWhitelistEntry(role: $0, trusted: trusted) }
        }
        let token = pattern.hasPrefix("@") ? try SecureRandom.hexToken(byteCount: 16) : nil
        try execute(
            """
            INSERT INTO whitelist_entries (organization_id, pattern, role_key, added_by, trusted, verification_token)
            VALUES (\(organizationID), \(pattern)::citext, \(role.rawValue), \(addedBy), \(trusted), \(token))
            ON CONFLICT (organization_id, pattern) DO UPDATE
            SET role_key = EXCLUDED.role_key, trusted = whitelist_entries.trusted OR EXCLUDED.trusted,
                verification_token = coalesce(whitelist_entries.verification_token, EXCLUDED.verification_token)
            """)
        return previous
    }
}
