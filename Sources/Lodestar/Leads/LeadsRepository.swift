import Foundation
import Postgres

/// A lead as the inbox lists it.
struct LeadRow: Sendable, Equatable, RowDecodable {
    let id: Int64
    let email: String?
    let name: String
    let status: LeadStatus
    let campaignID: Int64?
    let ownerEmail: String?
    let ownerName: String?
    let createdAt: Date

    init(row: Row) throws {
        id = try row.decode(column: "id")
        email = try row.decode(column: "email")
        name = try row.decode(column: "name")
        status = try row.decode(column: "status")
        campaignID = try row.decode(column: "campaign_id")
        ownerEmail = try row.decode(column: "owner_email")
        ownerName = try row.decode(column: "owner_name")
        createdAt = try row.decode(column: "created_at")
    }

    static let columns: Query = """
        l.id, l.email::text AS email, l.name, l.status, l.campaign_id, u.email::text AS owner_email,
        u.name AS owner_name, l.created_at
        """
}

/// A member of the organization a lead can be assigned to.
struct LeadOwner: Sendable, Equatable {
    let id: Int64
    let email: String
    let name: String

    var displayName: String { name.isEmpty ? email : "\(name) (\(email))" }
}

/// The SQL of the leads inbox and its bulk actions, on an open tenant transaction.
extension Transaction {
    /// The most leads the index lookups of `leadConditions` list; past it the plain
    /// conditions apply (so many matches are cheap to find without the index).
    static let leadCandidateLimit = 5000

    /// The SQL conditions for `filter`: the search and the field filter go through their
    /// indexes first (`Migrations/0007_leads_search.sql` explains why), and the leads found
    /// are read back under the policies with every other condition.
    func leadConditions(_ filter: LeadFilter, organizationID: Int64, candidateLimit: Int = Transaction.leadCandidateLimit) throws -> Query {
        var candidates = LeadCandidates()
        let cap = candidateLimit + 1
        if let search = filter.search {
            let ids = try query("SELECT lead_ids_matching_text(\(Query.escapeLike(search)), \(cap)::integer)").decodeColumn(Int64.self)
            candidates.search = ids.count < cap ? ids : nil
        }
        if let match = filter.fieldMatch {
            let ids = try query("SELECT lead_ids_with_answer(\(match.key), \(match.value), \(cap)::integer)").decodeColumn(Int64.self)
            candidates.answer = ids.count < cap ? ids : nil
        }
        return filter.conditions(organizationID: organizationID, candidates: candidates)
    }

    /// One page of leads matching `conditions` (from `leadConditions`) in `filter`'s order,
    /// plus whether more follow.
    func leadRows(_ conditions: Query, filter: LeadFilter, pageSize: Int) throws -> (rows: [LeadRow], more: Bool) {
        let offset = (filter.page - 1) * pageSize
        let rows = try query(
            """
            SELECT \(LeadRow.columns)
            FROM leads l LEFT JOIN users u ON u.id = l.owner_user_id
            WHERE \(conditions)
            ORDER BY \(filter.sort.orderBy)
            LIMIT \(pageSize + 1) OFFSET \(offset)
            """, as: LeadRow.self)
        return (Array(rows.prefix(pageSize)), rows.count > pageSize)
    }

    /// How many leads match `conditions`, counting no further than `limit` (so a count over a huge
    /// inbox stays cheap; a result equal to `limit` means "at least").
    func leadCount(_ conditions: Query, limit: Int) throws -> Int {
        Int(try query(
            """
            SELECT count(*) FROM (
                SELECT 1 FROM leads l WHERE \(conditions) LIMIT \(limit)
            ) matching
            """).single(Int64.self))
    }

    func hasLeads(organizationID: Int64) throws -> Bool {
        try query("SELECT EXISTS (SELECT 1 FROM leads WHERE organization_id = \(organizationID))").single(Bool.self)
    }

    /// The organization's members, who may own leads, by email.
    func leadOwners(organizationID: Int64) throws -> [LeadOwner] {
        try query(
            """
            SELECT u.id, u.email::text, u.name FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID) ORDER BY u.email
            """
        ).map { row in
            let (id, email, name) = try row.decode(Int64.self, String.self, String.self)
            return LeadOwner(id: id, email: email, name: name)
        }
    }

    /// The member with this id, or nil when they are not a member of the organization.
    func leadOwner(userID: Int64, organizationID: Int64) throws -> LeadOwner? {
        try query(
            """
            SELECT u.id, u.email::text, u.name FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organization_id = \(organizationID) AND m.user_id = \(userID)
            """
        ).first.map { row in
            let (id, email, name) = try row.decode(Int64.self, String.self, String.self)
            return LeadOwner(id: id, email: email, name: name)
        }
    }

    /// How many of the listed leads of the organization have one of `statuses`.
    func countLeads(ids: [Int64], inStatuses statuses: [LeadStatus], organizationID: Int64) throws -> Int {
        Int(try query(
            """
            SELECT count(*) FROM leads
            WHERE organization_id = \(organizationID) AND id = ANY(\(ids)) AND status = ANY(\(statuses.map(\.rawValue)))
            """).single(Int64.self))
    }

    /// Moves the listed leads of the organization to `target`, those whose status allows
    /// it (`LeadStatus.sources(of:)`), writing one `status` activity per lead changed.
    /// Ids of other organizations or unknown ids match nothing. Returns how many changed.
    func bulkChangeStatus(ids: [Int64], to target: LeadStatus, organizationID: Int64, actorUserID: Int64) throws -> Int {
        let sources = LeadStatus.sources(of: target).map(\.rawValue)
        return try execute(
            """
            WITH previous AS (
                SELECT id, status FROM leads
                WHERE organization_id = \(organizationID) AND id = ANY(\(ids)) AND status = ANY(\(sources))
                ORDER BY id
                FOR UPDATE
            ), changed AS (
                UPDATE leads l SET status = \(target.rawValue), updated_at = now()
                FROM previous p
                WHERE l.organization_id = \(organizationID) AND l.id = p.id
                RETURNING l.id, p.status AS old_status
            )
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value)
            SELECT \(organizationID), id, \(actorUserID), 'status', old_status, \(target.rawValue) FROM changed
            """)
    }

    /// Gives the listed leads of the organization to `owner` (nil: nobody), skipping those
    /// it already owns, with one `owner` activity per lead changed (old and new owner by
    /// email). Returns how many changed.
    func bulkAssign(ids: [Int64], to owner: LeadOwner?, organizationID: Int64, actorUserID: Int64) throws -> Int {
        try execute(
            """
            WITH previous AS (
                SELECT l.id, u.email::text AS old_owner FROM leads l LEFT JOIN users u ON u.id = l.owner_user_id
                WHERE l.organization_id = \(organizationID) AND l.id = ANY(\(ids))
                  AND l.owner_user_id IS DISTINCT FROM \(owner?.id)
                ORDER BY l.id
                FOR UPDATE OF l
            ), changed AS (
                UPDATE leads l SET owner_user_id = \(owner?.id), updated_at = now()
                FROM previous p
                WHERE l.organization_id = \(organizationID) AND l.id = p.id
                RETURNING l.id, p.old_owner
            )
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value)
            SELECT \(organizationID), id, \(actorUserID), 'owner', old_owner, \(owner?.email) FROM changed
            """)
    }
}

/// A failure inside the leads feature that is a bug or bad data, not a person's mistake.
struct LeadsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
