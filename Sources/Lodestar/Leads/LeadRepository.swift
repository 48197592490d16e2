import Foundation
import Postgres

/// One lead with everything its page shows: its inbox row plus the rest.
struct LeadDetail: Sendable, RowDecodable {
    let summary: LeadRow
    let formVersion: Int?
    let answers: LeadAnswers
    let ownerUserID: Int64?
    let source: String
    let score: Int
    let updatedAt: Date

    var id: Int64 { summary.id }
    var email: String? { summary.email }
    var name: String { summary.name }
    var status: LeadStatus { summary.status }
    var campaignID: Int64? { summary.campaignID }
    var ownerEmail: String? { summary.ownerEmail }
    var createdAt: Date { summary.createdAt }

    init(row: Row) throws {
        summary = try LeadRow(row: row)
        formVersion = try row.decode(column: "form_version")
        answers = LeadAnswers(json: try row.decode(String.self, column: "answers"))
        ownerUserID = try row.decode(column: "owner_user_id")
        source = try row.decode(column: "source")
        score = try row.decode(column: "score")
        updatedAt = try row.decode(column: "updated_at")
    }

    /// What the page calls the lead: the name, else the email, else its number.
    var title: String {
        if !name.isEmpty { return name }
        return email ?? "Lead \(id)"
    }
}

/// One thing that happened to a lead, for its timeline.
struct LeadTimelineEntry: Sendable, Equatable {
    enum Kind: String, Sendable {
        case submitted, created, status, owner, note
    }

    let kind: Kind
    let at: Date
    let actorEmail: String?
    let oldValue: String?
    let newValue: String?
    let body: String?
}

/// A note on a lead.
struct LeadNote: Sendable, Equatable {
    let id: Int64
    let authorEmail: String?
    let body: String
    let createdAt: Date
}

/// The SQL of one lead's page and its changes, on an open tenant transaction.
extension Transaction {
    /// The lead, or nil when the organization has no lead with this id; `lock` takes its
    /// row lock for a change that follows.
    func lead(id: Int64, organizationID: Int64, lock: Bool = false) throws -> LeadDetail? {
        try query(
            """
            SELECT \(LeadRow.columns), l.form_version, l.answers::text AS answers, l.owner_user_id, l.source,
                   l.score, l.updated_at
            FROM leads l LEFT JOIN users u ON u.id = l.owner_user_id
            WHERE l.organization_id = \(organizationID) AND l.id = \(id)
            \(unsafeRaw: lock ? "FOR UPDATE OF l" : "")
            """, as: LeadDetail.self
        ).first
    }

    /// Sets the lead's status and records the change as an activity (old -> new).
    func setLeadStatus(id: Int64, from old: LeadStatus, to new: LeadStatus, organizationID: Int64, actorUserID: Int64) throws {
        try execute("UPDATE leads SET status = \(new.rawValue), updated_at = now() WHERE organization_id = \(organizationID) AND id = \(id)")
        try recordLeadActivity(leadID: id, kind: .status, old: old.rawValue, new: new.rawValue, organizationID: organizationID, actorUserID: actorUserID)
    }

    /// Gives the lead to `owner` (nil: nobody) and records the change by email.
    func setLeadOwner(id: Int64, oldEmail: String?, to owner: LeadOwner?, organizationID: Int64, actorUserID: Int64) throws {
        try execute("UPDATE leads SET owner_user_id = \(owner?.id), updated_at = now() WHERE organization_id = \(organizationID) AND id = \(id)")
        try recordLeadActivity(leadID: id, kind: .owner, old: oldEmail, new: owner?.email, organizationID: organizationID, actorUserID: actorUserID)
    }

    /// Adds a note and its `note` activity (whose new value is the note's id).
    @discardableResult
    func addLeadNote(leadID: Int64, body: String, organizationID: Int64, authorUserID: Int64) throws -> Int64 {
        let noteID = try query(
            """
            INSERT INTO lead_notes (organization_id, lead_id, author_user_id, body)
            VALUES (\(organizationID), \(leadID), \(authorUserID), \(body)) RETURNING id
            """).single(Int64.self)
        try recordLeadActivity(leadID: leadID, kind: .note, old: nil, new: String(noteID), organizationID: organizationID, actorUserID: authorUserID)
        return noteID
    }

    func recordLeadActivity(
        leadID: Int64, kind: LeadTimelineEntry.Kind, old: String?, new: String?, organizationID: Int64, actorUserID: Int64?
    ) throws {
        try execute(
            """
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value)
            VALUES (\(organizationID), \(leadID), \(actorUserID), \(kind.rawValue), \(old), \(new))
            """)
    }

    /// The lead's notes, newest first.
    func leadNotes(leadID: Int64, organizationID: Int64) throws -> [LeadNote] {
        try query(
            """
            SELECT n.id, u.email::text, n.body, n.created_at
            FROM lead_notes n LEFT JOIN users u ON u.id = n.author_user_id
            WHERE n.organization_id = \(organizationID) AND n.lead_id = \(leadID)
            ORDER BY n.created_at DESC, n.id DESC
            """
        ).map { row in
            let (id, author, body, at) = try row.decode(Int64.self, String?.self, String.self, Date.self)
            return LeadNote(id: id, authorEmail: author, body: body, createdAt: at)
        }
    }

    /// The lead's timeline, newest first: its form_submit event, its activities and its
    /// notes (a note's own activity row is left out: the note stands for it). At most
    /// `limit` entries.
    func leadTimeline(leadID: Int64, organizationID: Int64, limit: Int = 500) throws -> [LeadTimelineEntry] {
        try query(
            """
            SELECT at, kind, actor, old_value, new_value, body FROM (
                SELECT e.occurred_at AS at, 'submitted' AS kind, NULL::text AS actor, NULL::text AS old_value,
                       NULL::text AS new_value, NULL::text AS body, 0 AS rank, e.id
                FROM events e
                WHERE e.organization_id = \(organizationID) AND e.lead_id = \(leadID) AND e.kind = 'form_submit'
                UNION ALL
                SELECT a.occurred_at, a.kind, u.email::text, a.old_value, a.new_value, NULL,
                       CASE a.kind WHEN 'created' THEN 1 ELSE 2 END, a.id
                FROM lead_activities a LEFT JOIN users u ON u.id = a.actor_user_id
                WHERE a.organization_id = \(organizationID) AND a.lead_id = \(leadID) AND a.kind <> 'note'
                UNION ALL
                SELECT n.created_at, 'note', u.email::text, NULL, NULL, n.body, 2, n.id
                FROM lead_notes n LEFT JOIN users u ON u.id = n.author_user_id
                WHERE n.organization_id = \(organizationID) AND n.lead_id = \(leadID)
            ) timeline
            ORDER BY at DESC, rank DESC, id DESC
            LIMIT \(limit)
            """
        ).map { row in
            let (at, kind, actor, old, new, body) = try row.decode(Date.self, String.self, String?.self, String?.self, String?.self, String?.self)
            guard let known = LeadTimelineEntry.Kind(rawValue: kind) else { throw LeadsError("unknown lead activity '\(kind)'") }
            return LeadTimelineEntry(kind: known, at: at, actorEmail: actor, oldValue: old, newValue: new, body: body)
        }
    }
}
