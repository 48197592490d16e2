import Foundation
import Postgres

/// What the campaign list shows: a status (nil = all), a name search, an order.
struct CampaignListFilter: Sendable, Equatable {
    var status: CampaignStatus?
    /// Part of the name, any case (trigram index).
    var search: String?
    var sort: CampaignSort = .newest
}

/// The orders the campaign list offers; the only source of its ORDER BY.
enum CampaignSort: String, Sendable, CaseIterable {
    case newest, oldest, name, starts

    var label: String {
        switch self {
        case .newest: "Newest first"
        case .oldest: "Oldest first"
        case .name: "Name"
        case .starts: "Start date"
        }
    }

    var orderBy: Query {
        switch self {
        case .newest: "c.created_at DESC, c.id DESC"
        case .oldest: "c.created_at, c.id"
        case .name: "lower(c.name), c.id"
        case .starts: "c.starts_on NULLS LAST, c.id DESC"
        }
    }
}

/// The slug asked for is another campaign's (in any organization), or (`isReserved`)
/// another organization let go of it recently (see `reserveSlug`).
struct CampaignSlugTaken: Error, Sendable {
    let slug: String
    var isReserved = false
}

/// The campaign SQL, as functions on a tenant transaction (`Database.tenant`), so the
/// controllers compose a change, its history rows and its audit entry in one transaction.
extension Transaction {
    /// One page of the organization's campaigns matching `filter`.
    func campaigns(organizationID: Int64, filter: CampaignListFilter, limit: Int, offset: Int) throws -> [Campaign] {
        try query(
            """
            SELECT \(Campaign.columns) FROM campaigns c
            WHERE \(Self.conditions(organizationID: organizationID, search: filter.search, status: filter.status))
            ORDER BY \(filter.sort.orderBy)
            LIMIT \(limit) OFFSET \(offset)
            """, as: Campaign.self)
    }

    /// How many campaigns each status has among those matching `search` (statuses
    /// without campaigns are absent).
    func campaignCounts(organizationID: Int64, search: String?) throws -> [CampaignStatus: Int] {
        var counts: [CampaignStatus: Int] = [:]
        for row in try query(
            """
            SELECT c.status, count(*) FROM campaigns c
            WHERE \(Self.conditions(organizationID: organizationID, search: search, status: nil))
            GROUP BY c.status
            """) {
            let (status, count) = try row.decode(String.self, Int64.self)
            if let status = CampaignStatus(rawValue: status) { counts[status] = Int(count) }
        }
        return counts
    }

    private static func conditions(organizationID: Int64, search: String?, status: CampaignStatus?) -> Query {
        var conditions: [Query] = ["c.organization_id = \(organizationID)"]
        if let status { conditions.append("c.status = \(status.rawValue)") }
        if let search { conditions.append("c.name ILIKE \("%" + Query.escapeLike(search) + "%")") }
        return Query.joined(conditions, separator: " AND ")
    }

    /// The number of leads of each campaign in `campaignIDs` (one grouped, indexed query).
    func leadCounts(campaignIDs: [Int64], organizationID: Int64) throws -> [Int64: Int] {
        guard !campaignIDs.isEmpty else { return [:] }
        var counts: [Int64: Int] = [:]
        for row in try query(
            """
            SELECT campaign_id, count(*) FROM leads
            WHERE organization_id = \(organizationID) AND campaign_id = ANY(\(campaignIDs))
            GROUP BY campaign_id
            """) {
            let (id, count) = try row.decode(Int64.self, Int64.self)
            counts[id] = Int(count)
        }
        return counts
    }

    func insertCampaign(_ fields: CampaignFields, slug: String, organizationID: Int64, createdBy: Int64?) throws -> Campaign {
        let inserted = try query(
            """
            INSERT INTO campaigns AS c (organization_id, name, description, budget, starts_on, ends_on,
                                        sender_name, sender_email, slug, created_by)
            VALUES (\(organizationID), \(fields.name), \(fields.description), \(fields.budget), \(fields.startsOn),
                    \(fields.endsOn), \(fields.senderName), \(fields.senderEmail)::citext, \(slug)::citext, \(createdBy))
            RETURNING \(Campaign.columns)
            """, as: Campaign.self)
        guard let campaign = inserted.first else { throw CampaignError("the new campaign was not returned") }
        return campaign
    }

    func updateCampaign(id: Int64, organizationID: Int64, _ fields: CampaignFields, slug: String) throws -> Campaign {
        let updated = try query(
            """
            UPDATE campaigns AS c SET name = \(fields.name), description = \(fields.description), budget = \(fields.budget),
                starts_on = \(fields.startsOn), ends_on = \(fields.endsOn), sender_name = \(fields.senderName),
                sender_email = \(fields.senderEmail)::citext, slug = \(slug)::citext,
                -- Saving the same values again is no change: "Last change" keeps its time.
                updated_at = CASE
                    WHEN (c.name, c.description, c.budget, c.starts_on, c.ends_on, c.sender_name, c.sender_email::text, c.slug::text)
                        IS NOT DISTINCT FROM (\(fields.name)::text, \(fields.description)::text, \(fields.budget)::numeric,
                            \(fields.startsOn)::date, \(fields.endsOn)::date, \(fields.senderName)::text, \(fields.senderEmail)::text, \(slug)::text)
                    THEN c.updated_at ELSE now() END
            WHERE c.organization_id = \(organizationID) AND c.id = \(id)
            RETURNING \(Campaign.columns)
            """, as: Campaign.self)
        guard let campaign = updated.first else { throw CampaignError("campaign \(id) vanished during its update") }
        return campaign
    }

    func setCampaignStatus(id: Int64, organizationID: Int64, _ status: CampaignStatus) throws {
        try execute(
            """
            UPDATE campaigns SET status = \(status.rawValue), updated_at = now()
            WHERE organization_id = \(organizationID) AND id = \(id)
            """)
    }

    func deleteCampaign(id: Int64, organizationID: Int64) throws {
        try execute("DELETE FROM campaigns WHERE organization_id = \(organizationID) AND id = \(id)")
    }

    /// Keeps `slug` for the organization for `days` (a campaign of its was deleted, or moved
    /// to another slug): until then only this organization may give a campaign that slug
    /// (migration 0009's trigger refuses everyone else). Nothing when `days` is 0.
    func reserveSlug(_ slug: String, organizationID: Int64, days: Int) throws {
        guard days > 0 else { return }
        try execute(
            """
            INSERT INTO slug_reservations (slug, organization_id, reserved_until)
            VALUES (\(slug)::citext, \(organizationID), now() + \(days) * interval '1 day')
            ON CONFLICT (slug) DO UPDATE SET reserved_until = EXCLUDED.reserved_until
            """)
    }

    /// Whether any lead came from the campaign (locks nothing; the delete locks the campaign first).
    func campaignHasLeads(id: Int64, organizationID: Int64) throws -> Bool {
        try query(
            "SELECT EXISTS (SELECT 1 FROM leads WHERE organization_id = \(organizationID) AND campaign_id = \(id))"
        ).single(Bool.self)
    }

    /// Runs `store` with the slug to save: `requested` as given, or one made from `name`
    /// (trying `CampaignSlug.candidates` until one is free). A requested slug that another
    /// campaign holds, or that another organization has reserved, throws
    /// `CampaignSlugTaken`, also when the unique index fires because someone took it a
    /// moment ago.
    func storeWithSlug<T>(requested: String?, name: String, _ store: (Transaction, String) throws -> T) throws -> T {
        let candidates = requested.map { [$0] } ?? CampaignSlug.candidates(base: CampaignSlug.make(from: name))
        var reserved = false
        for candidate in candidates {
            do {
                return try savepoint { try store($0, candidate) }
            } catch let error as PostgresError where error.isUniqueViolation && Self.slugConstraints.contains(error.constraintName ?? "") {
                reserved = error.constraintName == "campaigns_slug_reserved"
                continue
            }
        }
        throw CampaignSlugTaken(slug: candidates.last ?? "", isReserved: reserved)
    }

    /// The unique index on campaigns.slug, and migration 0009's reservation check.
    private static let slugConstraints: Set<String> = ["campaigns_slug_key", "campaigns_slug_reserved"]
}
