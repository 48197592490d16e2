import Foundation
import Postgres

extension CampaignHistory {
    /// One history row as the campaign page lists it.
    struct Entry: Sendable, Equatable, RowDecodable {
        let id: Int64
        let changedAt: Date
        /// The actor's name (or email); nil when Lodestar itself made the change (the
        /// schedule, the demo seed) or the person was deleted. Pages show it as "Lodestar".
        let actor: String?
        let field: String
        let old: String?
        let new: String?

        init(row: Row) throws {
            id = try row.decode(column: "id")
            changedAt = try row.decode(column: "changed_at")
            actor = try row.decode(column: "actor")
            field = try row.decode(column: "field")
            old = try row.decode(column: "old_value")
            new = try row.decode(column: "new_value")
        }
    }

    /// The campaign's history, newest first: `limit` rows from `offset`.
    static func entries(
        campaignID: Int64, organizationID: Int64, limit: Int, offset: Int = 0, in transaction: Transaction
    ) throws -> [Entry] {
        try transaction.query(
            """
            SELECT h.id, h.changed_at, coalesce(nullif(u.name, ''), u.email::text) AS actor, h.field, h.old_value, h.new_value
            FROM campaign_history h LEFT JOIN users u ON u.id = h.actor_user_id
            WHERE h.organization_id = \(organizationID) AND h.campaign_id = \(campaignID)
            ORDER BY h.changed_at DESC, h.id DESC
            LIMIT \(limit) OFFSET \(offset)
            """, as: Entry.self)
    }

    /// How many history rows the campaign has.
    static func count(campaignID: Int64, organizationID: Int64, in transaction: Transaction) throws -> Int {
        Int(try transaction.query(
            "SELECT count(*) FROM campaign_history WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)"
        ).single(Int64.self))
    }

    /// What a person reads for a history field name.
    static func label(field: String) -> String {
        switch field {
        case "created": "Created"
        case "name": "Name"
        case "description": "Description"
        case "budget": "Budget"
        case "starts_on": "Start date"
        case "ends_on": "End date"
        case "sender": "Sender"
        case "slug": "Landing page address"
        case "status": "Status"
        default: field.replacingOccurrences(of: "_", with: " ").capitalized
        }
    }

    /// The history rows an edit makes: one per field whose value changed.
    static func changes(from old: Campaign, to new: Campaign) -> [Change] {
        [
            Change(field: "name", old: old.name, new: new.name),
            Change(field: "description", old: old.description, new: new.description),
            Change(field: "budget", old: old.budget?.description, new: new.budget?.description),
            Change(field: "starts_on", old: old.startsOn?.description, new: new.startsOn?.description),
            Change(field: "ends_on", old: old.endsOn?.description, new: new.endsOn?.description),
            Change(
                field: "sender", old: CampaignFields.sender(name: old.senderName, email: old.senderEmail),
                new: CampaignFields.sender(name: new.senderName, email: new.senderEmail)),
            Change(field: "slug", old: old.slug, new: new.slug),
        ].filter { $0.old != $0.new }
    }
}
