import HTTP
import Postgres
import Web

/// Removing a whitelist entry asks first (issue 17), on a page of its own
/// (`GET /app/settings/whitelist/:id/remove`) that names the members who would lose access;
/// its form posts with `confirm=yes`, and a post without it only leads to that page.
extension WhitelistController {
    static func removalURL(_ id: Int64) -> String { "/app/settings/whitelist/\(id)/remove" }

    func confirmRemoval(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let (pattern, losing) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.removalPreview(id: id, organizationID: auth.organizationID, in: transaction)
        }
        let organization = auth.membership.organizationName
        if losing.contains(where: \.isAdmin), try adminsAdmittedWithout(id, auth) == 0 {
            throw Self.lastAdminRefusal(pattern, organization: organization)
        }
        let who: String = switch losing.count {
        case 0: "No current member loses access: every member it admits is admitted by another entry too."
        case 1: "1 current member loses access to \(organization) at their next request: \(losing[0].email)."
        default: "\(losing.count) current members lose access to \(organization) at their next request: \(losing.map(\.email).joined(separator: ", "))."
        }
        var consequences = [
            pattern.hasPrefix("@") ? "Nobody from \(pattern.dropFirst()) can be invited or join through this entry any more."
                : "\(pattern) can no longer be invited or join through this entry.",
            who,
        ]
        if losing.contains(where: { $0.email.lowercased() == auth.user.email.lowercased() }) { consequences.append("You are one of them.") }
        let page = ConfirmationPage(
            question: "Remove \(pattern) from the whitelist?",
            consequences: consequences,
            irreversible: "This cannot be undone: whoever loses access is signed out at their next request. Adding the entry again later "
                + "lets them back with the role they had" + (pattern.hasPrefix("@") ? ", once the domain is proved again." : "."),
            action: Self.removalURL(id), confirmLabel: "Remove \(pattern)",
            backURL: "/app/settings/whitelist", backLabel: "Keep the entry")
        return try pages.render("pages/confirm", page, context: auth.request, section: .settings)
    }

    /// How many admins some entry other than `id` admits: none means removing `id` is refused.
    private func adminsAdmittedWithout(_ id: Int64, _ auth: AuthenticatedContext) throws -> Int {
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            Int(try transaction.query(
                """
                SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organization_id = \(auth.organizationID) AND m.role_key = 'admin' AND EXISTS (
                    SELECT 1 FROM whitelist_entries w
                    WHERE w.organization_id = m.organization_id AND w.id <> \(id)
                      AND w.pattern IN (u.email, ('@' || split_part(u.email::text, '@', 2))::citext)
                      AND \(Transaction.entryAdmits))
                """).single(Int64.self))
        }
    }

    /// Entry `id`'s pattern (404 when there is none) and the members it alone admits, who
    /// would lose access without it.
    static func removalPreview(id: Int64, organizationID: Int64, in transaction: Transaction) throws -> (pattern: String, losing: [(email: String, isAdmin: Bool)]) {
        guard let row = try transaction.query(
            """
            SELECT w.pattern::text, \(Transaction.entryAdmits) FROM whitelist_entries w
            WHERE w.id = \(id) AND w.organization_id = \(organizationID)
            """
        ).first else {
            throw WebError.notFound("That whitelist entry does not exist (any more).")
        }
        let (pattern, admits) = try row.decode(String.self, Bool.self)
        guard admits else { return (pattern, []) }
        let losing = try transaction.query(
            """
            SELECT u.email::text, m.role_key = 'admin' FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID)
              AND \(pattern)::citext IN (u.email, ('@' || split_part(u.email::text, '@', 2))::citext)
              AND NOT EXISTS (
                  SELECT 1 FROM whitelist_entries w
                  WHERE w.organization_id = m.organization_id AND w.id <> \(id)
                    AND w.pattern IN (u.email, ('@' || split_part(u.email::text, '@', 2))::citext)
                    AND \(Transaction.entryAdmits))
            ORDER BY u.email
            """
        ).map { row in
            let (email, isAdmin) = try row.decode(String.self, Bool.self)
            return (email, isAdmin)
        }
        return (pattern, losing)
    }
}
