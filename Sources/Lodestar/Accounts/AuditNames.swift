import Foundation
import Postgres

/// What the audit log calls things: actions in words, and the entity of each entry by its
/// name ("Campaign Spring Product Webinar", not "campaign 12"), with a link when it still
/// exists.
enum AuditNames {
    /// Every action the application writes, in the order the filter offers them.
    static let actions = [
        "campaign.created", "campaign.updated", "campaign.status_changed", "campaign.deleted", "form.published",
        "lead.status_changed", "lead.owner_changed", "lead.bulk_status_changed", "lead.bulk_assigned", "lead.exported",
        "member.added", "member.invited", "member.invitation_withdrawn", "member.joined", "member.role_changed", "member.removed",
        "whitelist.added", "whitelist.changed", "whitelist.removed",
        "organization.created", "organization.updated",
        "user.created", "user.signed_in", "user.sign_in_failed", "user.sign_in_refused", "user.google_linked",
        "user.password_changed", "user.signed_out_everywhere",
    ]

    /// `campaign.status_changed` -> "Campaign status changed".
    static func label(action: String) -> String {
        let words = action.replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// An entry's entity as the page shows it.
    struct Entity: Sendable, Equatable {
        var text: String
        var url: String?
    }

    /// The entities of `records` by name: one query per kind of entity on the page.
    static func entities(_ records: [AuditRecord], organizationID: Int64, in transaction: Transaction) throws -> [Int64: Entity] {
        func ids(_ type: String) -> [Int64] {
            Array(Set(records.filter { $0.entityType == type }.compactMap { $0.entityID.flatMap(Int64.init) }))
        }
        let campaigns = try transaction.campaigns(ids: ids("campaign"), organizationID: organizationID).mapValues(\.name)
        let leads = try names(
            "SELECT id, coalesce(nullif(name, ''), email::text, 'Lead ' || id) FROM leads WHERE organization_id = \(organizationID) AND id = ANY(\(ids("lead")))",
            in: transaction)
        let users = try names("SELECT id, email::text FROM users WHERE id = ANY(\(ids("user")))", in: transaction)
        let organizations = try names("SELECT id, name::text FROM organizations WHERE id = ANY(\(ids("organization")))", in: transaction)
        var entities: [Int64: Entity] = [:]
        for record in records {
            guard let type = record.entityType else { continue }
            let id = record.entityID.flatMap(Int64.init)
            // A deleted thing is named by what the entry itself recorded, when it did.
            let recorded = recordedName(record)
            switch type {
            case "campaign":
                let name = id.flatMap { campaigns[$0] }
                entities[record.id] = Entity(
                    text: "Campaign " + (name ?? recorded ?? "(deleted)"), url: name == nil ? nil : id.map { "/app/campaigns/\($0)" })
            case "lead":
                if let id, let name = leads[id] {
                    entities[record.id] = Entity(text: "Lead " + name, url: "/app/leads/\(id)")
                } else {
                    entities[record.id] = Entity(text: id == nil ? "Leads" : "Lead (deleted)")
                }
            case "user":
                entities[record.id] = Entity(text: id.flatMap { users[$0] } ?? recorded ?? "A deleted user")
            case "organization":
                entities[record.id] = Entity(text: "Organization " + (id.flatMap { organizations[$0] } ?? recorded ?? "(deleted)"))
            case "whitelist_entry":
                entities[record.id] = Entity(text: "Whitelist entry " + (record.entityID ?? recorded ?? ""))
            default:
                entities[record.id] = Entity(text: [label(action: type), record.entityID].compactMap { $0 }.joined(separator: " "))
            }
        }
        return entities
    }

    private static func names(_ query: Query, in transaction: Transaction) throws -> [Int64: String] {
        Dictionary(try transaction.query(query).map { try $0.decode(Int64.self, String.self) }, uniquingKeysWith: { first, _ in first })
    }

    /// The `name`, `email` or `pattern` an entry recorded in its old or new values.
    private static func recordedName(_ record: AuditRecord) -> String? {
        for json in [record.oldValues, record.newValues].compactMap({ $0 }) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { continue }
            for key in ["name", "email", "pattern"] {
                if let value = object[key] as? String, !value.isEmpty { return value }
            }
        }
        return nil
    }
}
