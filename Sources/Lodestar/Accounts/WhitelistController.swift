import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/settings/whitelist`: who may sign in to this organization, exactly or by domain.
/// Entries made here are never trusted: a @domain entry admits nobody until the
/// organization proves the domain (`WhitelistController+Verification.swift`).
struct WhitelistController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer
    /// Where "Check now" reads a domain's TXT records.
    let domainLookup: DomainTXTLookup

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, error: nil, pattern: "", role: .viewer)
    }

    func add(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let form = try request.formData()
        let text = form["pattern"] ?? ""
        guard let role = Role(rawValue: form["role"] ?? "") else { throw WebError.badRequest("Choose one of the roles offered.") }
        if let problem = ControlCharacters.problem(in: text, field: "email or domain") {
            return try render(auth, error: problem, pattern: "", role: role, status: .unprocessableContent)
        }
        guard let pattern = WhitelistPattern.normalize(text) else {
            return try render(auth, error: "Enter an email address (ann@example.com) or a domain starting with @ (@example.com).",
                              pattern: text, role: role, status: .unprocessableContent)
        }
        let previous = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let previous = try transaction.upsertWhitelist(organizationID: auth.organizationID, pattern: pattern, role: role, addedBy: auth.user.id)
            try transaction.audit(auth.auditEvent(
                previous == nil ? "whitelist.added" : "whitelist.changed", entityType: "whitelist_entry", entityID: pattern,
                old: previous.map { ["pattern": pattern, "role": $0.role.rawValue] }, new: ["pattern": pattern, "role": role.rawValue]
            ))
            return previous
        }
        try auth.session?.flash(.success, previous != nil ? "\(pattern) now gets the role \(role.label)."
            : pattern.hasPrefix("@") ? "\(pattern) was added to the whitelist. It admits nobody until you prove the domain: publish the TXT record shown below, then check it."
            : "\(pattern) was added to the whitelist. \(pattern) gets an invitation to accept after signing in.")
        return try HTTPResponse.redirect(to: "/app/settings/whitelist")
    }

    /// Removes an entry. Members it admitted that no other entry admits lose access to
    /// this organization at their next request (`RequireSignIn`); the flash says how many.
    /// Refused (409) when no admin would be admitted any more. Without `confirm=yes` it only
    /// leads to the confirmation page (`WhitelistController+Removal.swift`).
    func remove(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        guard ConfirmationPage.isConfirmed(try request.formData()) else { return try HTTPResponse.redirect(to: Self.removalURL(id)) }
        let (pattern, affected) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.removeEntry(id: id, auth: auth, in: transaction)
        }
        try auth.session?.flash(.success, "\(pattern) was removed from the whitelist. " + Self.consequence(affected, organization: auth.membership.organizationName))
        return try HTTPResponse.redirect(to: "/app/settings/whitelist")
    }

    /// Deletes entry `id` of the organization and audits it (`whitelist.removed`); returns
    /// its pattern and how many members no entry admits any more. 404 when there is no such
    /// entry; 409 (rolled back by the throw) when no admin who can sign in would remain.
    static func removeEntry(id: Int64, auth: AuthenticatedContext, in transaction: Transaction) throws -> (pattern: String, affected: Int) {
        guard let row = try transaction.query(
            """
            DELETE FROM whitelist_entries w WHERE w.id = \(id) AND w.organization_id = \(auth.organizationID)
            RETURNING w.pattern::text, w.role_key, \(Transaction.entryAdmits)
            """
        ).first else {
            throw WebError.notFound("That whitelist entry does not exist (any more).")
        }
        let (pattern, role, admitted) = try row.decode(String.self, String.self, Bool.self)
        guard try transaction.admittedAdmins(organizationID: auth.organizationID) > 0 else {
            throw lastAdminRefusal(pattern, organization: auth.membership.organizationName)
        }
        // An unproved domain admitted nobody, so nobody loses anything.
        let affected = admitted ? try transaction.membersLosingAccess(organizationID: auth.organizationID, removedPattern: pattern) : 0
        try transaction.audit(auth.auditEvent(
            "whitelist.removed", entityType: "whitelist_entry", entityID: pattern,
            old: ["pattern": pattern, "role": role], new: ["members_losing_access": String(affected)]
        ))
        return (pattern, affected)
    }

    /// The 409 for removing the entry that admits the last admin who can sign in.
    static func lastAdminRefusal(_ pattern: String, organization: String) -> WebError {
        WebError(.conflict, "Removing \(pattern) would leave \(organization) without an admin "
            + "who can sign in, you included. Whitelist another admin's email first.")
    }

    /// What removing an entry did to the members, for the flash message.
    static func consequence(_ affected: Int, organization: String) -> String {
        switch affected {
        case 0: "No current member loses access."
        case 1: "1 current member is no longer admitted and loses access to \(organization) at their next request."
        default: "\(affected) current members are no longer admitted and lose access to \(organization) at their next request."
        }
    }

    func render(_ auth: AuthenticatedContext, error: String?, pattern: String, role: Role, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let entries = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.query(
                """
                SELECT w.id, w.pattern::text, w.role_key, coalesce(u.email::text, '') AS added_by, w.added_at,
                       w.trusted, w.verification_token, w.verified_at
                FROM whitelist_entries w LEFT JOIN users u ON u.id = w.added_by
                WHERE w.organization_id = \(auth.organizationID)
                ORDER BY w.pattern
                """, as: WhitelistEntryRow.self)
        }
        let unverified = entries.filter(\.awaitsProof)
        let page: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/whitelist"),
            "entries": .list(entries.map(\.mustacheValue)),
            "hasEntries": .bool(!entries.isEmpty),
            "unverified": .list(unverified.map(\.proofValue)),
            "hasUnverified": .bool(!unverified.isEmpty),
            "empty": entries.isEmpty ? ["title": "No entries yet", "message": "Nobody new can sign in until you add an email or a domain.", "actionURL": .null, "actionLabel": .null] : .null,
            "error": error.mustacheValue,
            "form": [
                "pattern": ["id": "pattern", "name": "pattern", "label": "Email or @domain", "value": .string(pattern), "required": true,
                            "autocomplete": "off", "help": .null, "error": .null, "placeholder": "ann@example.com or @example.com"],
                // Not required: Viewer is preselected (a required select would need an empty first option).
                "role": ["id": "whitelist-role", "name": "role", "label": "Role", "isSelect": true, "options": SettingsTabs.roleOptions(selected: role),
                         "required": false, "help": .null, "error": .null, "value": .null, "autocomplete": .null],
            ],
        ]
        return try pages.render("settings/whitelist", page, context: auth.request, section: .settings, status: status)
    }
}
