import Foundation
import Postgres

/// The campaign lifecycle steps that follow the calendar rather than a person: a scheduled
/// campaign becomes active on its start date (once it has a published form), and an
/// active or paused campaign is completed the day after its end date. Each step is
/// written like a person's (a history row, with no actor, and an audit entry) in one
/// transaction per organization; rows another transaction holds are left for the next run.
enum CampaignSchedule {
    struct Step: Sendable, Equatable {
        let organizationID: Int64
        let campaignID: Int64
        let slug: String
        let from: CampaignStatus
        let to: CampaignStatus
    }

    /// Today in UTC, the calendar the schedule follows.
    static func today() -> CalendarDate {
        CalendarDate(daysSince1970: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Applies every step that is due on `today` in every organization.
    static func advance(_ database: Database, today: CalendarDate) throws -> [Step] {
        let organizations = try database.pool.query("SELECT id FROM organizations ORDER BY id").decodeColumn(Int64.self)
        var steps: [Step] = []
        for organizationID in organizations {
            steps += try database.tenant(organizationID: organizationID) { transaction in
                try advance(organizationID: organizationID, today: today, in: transaction)
            }
        }
        return steps
    }

    static func advance(organizationID: Int64, today: CalendarDate, in transaction: Transaction) throws -> [Step] {
        let rows = try transaction.query(
            """
            WITH due AS (
                SELECT c.organization_id, c.id, c.status,
                       CASE WHEN c.status = 'scheduled' THEN 'active' ELSE 'completed' END AS target
                FROM campaigns c
                WHERE c.organization_id = \(organizationID)
                  AND ((c.status = 'scheduled' AND c.starts_on <= \(today)
                        AND EXISTS (SELECT 1 FROM form_versions v
                                    WHERE v.organization_id = c.organization_id AND v.campaign_id = c.id))
                    OR (c.status IN ('active', 'paused') AND c.ends_on < \(today)))
                FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE campaigns c SET status = due.target, updated_at = now()
                FROM due WHERE c.organization_id = due.organization_id AND c.id = due.id
                RETURNING c.organization_id, c.id, c.slug::text AS slug, due.status AS old_status, due.target AS new_status
            ), history AS (
                INSERT INTO campaign_history (organization_id, campaign_id, actor_user_id, field, old_value, new_value)
                SELECT organization_id, id, NULL, 'status', old_status, new_status FROM moved
            )
            SELECT organization_id, id, slug, old_status, new_status FROM moved ORDER BY id
            """)
        var steps: [Step] = []
        for row in rows {
            let (organization, campaign, slug, old, new) = try row.decode(Int64.self, Int64.self, String.self, String.self, String.self)
            guard let from = CampaignStatus(rawValue: old), let to = CampaignStatus(rawValue: new) else { continue }
            try transaction.audit(AuditEvent(
                organizationID: organization, actorUserID: nil, action: "campaign.status_changed", entityType: "campaign",
                entityID: String(campaign), oldValues: ["status": old], newValues: ["status": new, "by": "schedule"]))
            steps.append(Step(organizationID: organization, campaignID: campaign, slug: slug, from: from, to: to))
        }
        return steps
    }
}
