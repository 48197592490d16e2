import Foundation
import Postgres
import Web

/// A person who can sign in (global: one row whatever organizations they belong to).
struct User: Sendable, Equatable, RowDecodable {
    let id: Int64
    let email: String
    let name: String
    let passwordHash: String?

    /// The name to show: the name, or the email when no name was given.
    var displayName: String { name.isEmpty ? email : name }

    init(id: Int64, email: String, name: String, passwordHash: String?) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
    }

    init(row: Row) throws {
        id = try row.decode(column: "id")
        email = try row.decode(column: "email")
        name = try row.decode(column: "name")
        passwordHash = try row.decode(column: "password_hash")
    }

    static let columns: Query = "id, email::text AS email, name, password_hash"
}

/// A built-in role: what a member may do in their organization.
enum Role: String, Sendable, CaseIterable, Comparable {
    case viewer, analyst, manager, admin

    var label: String {
        switch self {
        case .admin: "Admin"
        case .manager: "Manager"
        case .analyst: "Analyst"
        case .viewer: "Viewer"
        }
    }

    private var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }

    static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A permission key from the `permissions` table. Routes name the one they need.
struct Permission: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    var description: String { rawValue }

    static let campaignRead = Permission(rawValue: "campaign.read")
    static let campaignCreate = Permission(rawValue: "campaign.create")
    static let campaignUpdate = Permission(rawValue: "campaign.update")
    static let campaignDelete = Permission(rawValue: "campaign.delete")
    static let leadRead = Permission(rawValue: "lead.read")
    static let leadUpdate = Permission(rawValue: "lead.update")
    static let leadExport = Permission(rawValue: "lead.export")
    static let contactRead = Permission(rawValue: "contact.read")
    static let contactUpdate = Permission(rawValue: "contact.update")
    static let memberRead = Permission(rawValue: "member.read")
    static let memberManage = Permission(rawValue: "member.manage")
    static let whitelistManage = Permission(rawValue: "whitelist.manage")
    static let auditRead = Permission(rawValue: "audit.read")
    static let organizationManage = Permission(rawValue: "organization.manage")
}

/// One of a user's organizations and their role there.
struct Membership: Sendable, Equatable, RowDecodable {
    let organizationID: Int64
    let organizationName: String
    let userID: Int64
    let role: Role

    init(row: Row) throws {
        organizationID = try row.decode(column: "organization_id")
        organizationName = try row.decode(column: "organization_name")
        userID = try row.decode(column: "user_id")
        let key: String = try row.decode(column: "role_key")
        guard let role = Role(rawValue: key) else { throw AccountsError("unknown role '\(key)'") }
        self.role = role
    }
}

/// A whitelist entry that lets an email in: which organization, with which role, and
/// whether the operator trusts it (a first sign-in then joins without an invitation).
struct WhitelistMatch: Sendable, Equatable {
    let entryID: Int64
    let organizationID: Int64
    let organizationName: String
    let pattern: String
    let role: Role
    var trusted = false
}

/// What a whitelist entry may be: an exact address or `@domain.tld`, normalized to lowercase.
enum WhitelistPattern {
    /// The normalized pattern, or nil when `text` is neither a plausible email nor
    /// `@domain.tld` (control characters make it neither; callers that show a message
    /// check them first with `ControlCharacters`).
    static func normalize(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !value.unicodeScalars.contains(where: { ControlCharacters.isControl($0) }),
              value.utf8.count <= 254, let at = value.firstIndex(of: "@"),
              value[value.index(after: at)...].firstIndex(of: "@") == nil
        else { return nil }
        let local = value[..<at]
        let domain = value[value.index(after: at)...]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }) else { return nil }
        guard local.allSatisfy({ !$0.isWhitespace && $0 != "<" && $0 != ">" && $0 != "," && $0 != ";" }) else { return nil }
        return value
    }

    /// A plausible email address (not a domain pattern), normalized.
    static func email(_ text: String) -> String? {
        guard let value = normalize(text), !value.hasPrefix("@") else { return nil }
        return value
    }
}
