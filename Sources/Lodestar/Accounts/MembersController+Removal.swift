import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// Removing a member: a confirmation page that says whether the whitelist still admits
/// them (and what removing each entry too would do), then the removal, which is recorded
/// so that no sign-in brings the membership back (`AccountService.admit`).
extension MembersController {
    /// The member about to be removed and the whitelist entries naming their email.
    struct RemovalCandidate {
        struct Entry {
            let id: Int64
            let pattern: String
            /// Whether it admits anyone (a @domain entry not proved yet does not).
            let admits: Bool
            /// For a @domain entry: the other members it alone admits, who would lose access.
            let othersAdmittedOnlyByIt: Int
            var isDomain: Bool { pattern.hasPrefix("@") }
        }

        let userID: Int64
        let email: String
        let role: Role
        let entries: [Entry]
        var stillAdmitted: Bool { entries.contains(where: \.admits) }
    }

    /// `GET /app/settings/members/:userID/remove`.
    func confirmRemoval(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let userID = try auth.request.parameters.int64("userID")
        let candidate = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.removalCandidate(userID: userID, organizationID: auth.organizationID, in: transaction)
        }
        let organization = auth.membership.organizationName
        let page: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/members"),
            "userID": .string(String(userID)), "email": .string(candidate.email), "roleLabel": .string(candidate.role.label),
            "organizationName": .string(organization), "isSelf": .bool(userID == auth.user.id),
            "stillAdmitted": .bool(candidate.stillAdmitted),
            "entries": .list(candidate.entries.map { entry in
                [
                    "id": .string(String(entry.id)), "pattern": .string(entry.pattern), "isDomain": .bool(entry.isDomain),
                    "domain": .string(String(entry.pattern.dropFirst())), "admits": .bool(entry.admits),
                    "others": .string(Self.othersSentence(entry.othersAdmittedOnlyByIt, organization: organization)),
                ]
            }),
        ]
        return try pages.render("settings/member-remove", page, context: auth.request, section: .settings)
    }

    /// `POST /app/settings/members/:userID/remove`, with `remove_entry` = the ids of the
    /// whitelist entries to remove too (each must name the member's email).
    func remove(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let userID = try auth.request.parameters.int64("userID")
        let chosen = try request.formData().values("remove_entry").map { value in
            guard let id = Int64(value) else { throw WebError.badRequest("Choose whitelist entries from those offered.") }
            return id
        }
        let (candidate, removedPatterns) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let role = try Self.lockedRole(transaction, organizationID: auth.organizationID, userID: userID)
            if role == .admin { try Self.requireAnotherAdmin(transaction, organizationID: auth.organizationID) }
            let candidate = try Self.removalCandidate(userID: userID, organizationID: auth.organizationID, in: transaction)
            guard Set(chosen).isSubset(of: candidate.entries.map(\.id)) else {
                throw WebError.badRequest("That whitelist entry does not name this member (any more). Reload the page and try again.")
            }
            try transaction.execute("DELETE FROM memberships WHERE organization_id = \(auth.organizationID) AND user_id = \(userID)")
            try transaction.recordRemoval(organizationID: auth.organizationID, userID: userID, role: role, removedBy: auth.user.id)
            let patterns = try Set(chosen).sorted().map { try WhitelistController.removeEntry(id: $0, auth: auth, in: transaction).pattern }
            var values = ["email": candidate.email]
            if !patterns.isEmpty { values["whitelist_entries_removed"] = patterns.joined(separator: ", ") }
            try transaction.audit(auth.auditEvent("member.removed", entityType: "user", entityID: String(userID), old: ["role": role.rawValue], new: values))
            return (candidate, patterns)
        }
        let organization = auth.membership.organizationName
        var message = "\(candidate.email) was removed from \(organization)."
        if !removedPatterns.isEmpty {
            message += " Removed from the whitelist too: \(removedPatterns.joined(separator: ", "))."
        } else if candidate.stillAdmitted {
            message += " The whitelist still admits them but will not bring them back; only inviting them again does."
        }
        try auth.session?.flash(.success, message)
        return try HTTPResponse.redirect(to: "/app/settings/members")
    }

    /// The member (404 when not one) and the entries of the organization's whitelist that
    /// name their email exactly or by its domain, exact entries first.
    static func removalCandidate(userID: Int64, organizationID: Int64, in transaction: Transaction) throws -> RemovalCandidate {
        guard let row = try transaction.query(
            """
            SELECT u.email::text, m.role_key FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID) AND m.user_id = \(userID)
            """
        ).first else {
            throw WebError.notFound("That person is not a member of this organization.")
        }
        let (email, roleKey) = try row.decode(String.self, String.self)
        let domain = "@" + (email.split(separator: "@").last.map(String.init) ?? "")
        let entries = try transaction.query(
            """
            SELECT w.id, w.pattern::text, \(Transaction.entryAdmits),
                   CASE WHEN left(w.pattern::text, 1) = '@' AND \(Transaction.entryAdmits) THEN (
                       SELECT count(*) FROM memberships o JOIN users ou ON ou.id = o.user_id
                       WHERE o.organization_id = w.organization_id AND o.user_id <> \(userID)
                         AND ('@' || split_part(ou.email::text, '@', 2))::citext = w.pattern
                         AND NOT EXISTS (SELECT 1 FROM whitelist_entries e WHERE e.organization_id = w.organization_id AND e.pattern = ou.email)
                   ) ELSE 0 END
            FROM whitelist_entries w
            WHERE w.organization_id = \(organizationID) AND w.pattern IN (\(email)::citext, \(domain)::citext)
            ORDER BY left(w.pattern::text, 1) = '@', w.pattern
            """
        ).map { row in
            let (id, pattern, admits, others) = try row.decode(Int64.self, String.self, Bool.self, Int64.self)
            return RemovalCandidate.Entry(id: id, pattern: pattern, admits: admits, othersAdmittedOnlyByIt: Int(others))
        }
        return RemovalCandidate(userID: userID, email: email, role: Role(rawValue: roleKey) ?? .viewer, entries: entries)
    }

    /// What removing a @domain entry does to the other members it alone admits.
    static func othersSentence(_ count: Int, organization: String) -> String {
        switch count {
        case 0: "No other current member depends on it."
        case 1: "1 other current member is admitted only by it and would lose access to \(organization)."
        default: "\(count) other current members are admitted only by it and would lose access to \(organization)."
        }
    }
}
