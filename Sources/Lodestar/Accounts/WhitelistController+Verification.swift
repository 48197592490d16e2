import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// "Check now" on the whitelist page: proves a @domain entry by the TXT record
/// `DomainVerification` describes. Until then the entry admits nobody.
extension WhitelistController {
    /// `POST /app/settings/whitelist/:id/verify`.
    func verify(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        guard let entry = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id, {
            try $0.query(
                """
                SELECT w.id, w.pattern::text, w.role_key, '' AS added_by, w.added_at, w.trusted, w.verification_token, w.verified_at
                FROM whitelist_entries w WHERE w.id = \(id) AND w.organization_id = \(auth.organizationID)
                """, as: WhitelistEntryRow.self
            ).first
        }) else {
            throw WebError.notFound("That whitelist entry does not exist (any more).")
        }
        guard entry.isDomain else {
            throw WebError.badRequest("Only @domain entries need proof; an exact address admits its person as it is.")
        }
        guard entry.awaitsProof, let token = entry.token else {
            try auth.session?.flash(.info, "\(entry.pattern) needs no proof: it is \(entry.trusted ? "trusted by the operator" : "verified already").")
            return try HTTPResponse.redirect(to: "/app/settings/whitelist")
        }
        let name = DomainVerification.recordName(for: entry.pattern)
        let value = DomainVerification.recordValue(token: token)
        switch DomainVerification.check(pattern: entry.pattern, token: token, lookup: domainLookup) {
        case .verified:
            try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
                guard try transaction.execute(
                    "UPDATE whitelist_entries SET verified_at = now() WHERE id = \(id) AND organization_id = \(auth.organizationID) AND verified_at IS NULL"
                ) == 1 else { return }
                try transaction.audit(auth.auditEvent(
                    "whitelist.domain_verified", entityType: "whitelist_entry", entityID: entry.pattern,
                    new: ["pattern": entry.pattern, "record": "\(name) TXT \(value)"]))
            }
            try auth.session?.flash(.success, "\(entry.pattern) is verified. People at \(entry.pattern.dropFirst()) now get an invitation to accept after signing in.")
            return try HTTPResponse.redirect(to: "/app/settings/whitelist")
        case .noRecord:
            return try render(auth, error: "No TXT record was found at \(name). Publish one with the value \(value), wait until your DNS "
                + "provider serves it (minutes, sometimes hours), then check again.", pattern: "", role: .viewer, status: .unprocessableContent)
        case .otherRecords(let texts):
            let found = texts.prefix(5).map { "\"\(String($0.prefix(100)))\"" }.joined(separator: ", ")
            return try render(auth, error: "The TXT records at \(name) are \(found); none of them is \(value). Correct the record, then check again.",
                              pattern: "", role: .viewer, status: .unprocessableContent)
        case .unusableName(let reason):
            return try render(auth, error: "\(name) cannot be looked up (\(reason)). A domain with letters outside ASCII must be "
                + "whitelisted in its xn-- form to be verified.", pattern: "", role: .viewer, status: .unprocessableContent)
        case .lookupFailed(let reason):
            return try render(auth, error: "The DNS check could not be made (\(reason)). Nothing changed; try again in a minute.",
                              pattern: "", role: .viewer, status: .serviceUnavailable)
        }
    }
}

/// A whitelist entry as the whitelist page shows it.
struct WhitelistEntryRow: Sendable, RowDecodable {
    let id: Int64
    let pattern: String
    let role: String
    let addedBy: String
    let addedAt: Date
    let trusted: Bool
    let token: String?
    let verifiedAt: Date?

    init(row: Row) throws {
        id = try row.decode(column: "id")
        pattern = try row.decode(column: "pattern")
        role = try row.decode(column: "role_key")
        addedBy = try row.decode(column: "added_by")
        addedAt = try row.decode(column: "added_at")
        trusted = try row.decode(column: "trusted")
        token = try row.decode(column: "verification_token")
        verifiedAt = try row.decode(column: "verified_at")
    }

    var isDomain: Bool { pattern.hasPrefix("@") }
    /// A @domain entry that admits nobody until its TXT record is found.
    var awaitsProof: Bool { isDomain && !trusted && verifiedAt == nil }

    var mustacheValue: MustacheValue {
        [
            "id": .string(String(id)), "pattern": .string(pattern), "roleLabel": .string(Role(rawValue: role)?.label ?? role),
            "addedBy": .string(addedBy.isEmpty ? "command line" : addedBy), "addedAt": .string(SettingsTabs.date(addedAt)),
            "trusted": .bool(trusted), "verified": verifiedAt.map { .string(SettingsTabs.date($0)) } ?? .null,
            "awaitsProof": .bool(awaitsProof), "isDomain": .bool(isDomain),
        ]
    }

    /// What the organization must publish, for the "Prove your domains" section.
    var proofValue: MustacheValue {
        [
            "id": .string(String(id)), "pattern": .string(pattern),
            "recordName": .string(DomainVerification.recordName(for: pattern)),
            "recordValue": .string(DomainVerification.recordValue(token: token ?? "")),
        ]
    }
}
