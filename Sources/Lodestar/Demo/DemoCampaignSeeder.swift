import Foundation
import Postgres

/// Creates one demo campaign with its form, published versions, history and generated
/// activity, unless a campaign with its slug exists already.
struct DemoCampaignSeeder {
    let campaign: DemoCampaign
    let slug: String
    let organizationID: Int64
    let adminID: Int64
    let managerID: Int64

    /// What `seedIfMissing` did.
    enum Outcome: Equatable {
        case created
        /// The demo organization has the campaign already.
        case existed
        /// Another organization's campaign has the slug; nothing was written.
        case slugTaken
    }

    func seedIfMissing(in transaction: Transaction) throws -> Outcome {
        let existing = try transaction.query(
            "SELECT 1 FROM campaigns WHERE organization_id = \(organizationID) AND slug = \(slug)::citext")
        guard existing.isEmpty else { return .existed }
        guard let campaignID = try insertCampaign(transaction) else { return .slugTaken }
        try transaction.execute(
            """
            INSERT INTO forms (organization_id, campaign_id, draft, updated_by, updated_at)
            VALUES (\(organizationID), \(campaignID), \(try JSONDocument(encoding: campaign.draft)), \(adminID), now())
            """
        )
        for (index, definition) in campaign.versions.enumerated() {
            let version = index + 1
            // The first version is published when the campaign starts, the second when the activity switches to it.
            let daysAgo = version == 1 ? max(campaign.activity?.firstDay ?? 1, 1) : campaign.activity?.secondVersionDay ?? 0
            try transaction.execute(
                """
                INSERT INTO form_versions (organization_id, campaign_id, version, definition, published_by, published_at)
                VALUES (\(organizationID), \(campaignID), \(version), \(try JSONDocument(encoding: definition)), \(adminID),
                        ((current_date - \(daysAgo)::int)::timestamp AT TIME ZONE 'UTC') - interval '1 hour')
                """
            )
        }
        // The rows the app writes: on creation, per publish (the first before the campaign
        // went live, later ones while it ran) and per status change.
        let publishes = campaign.versions.indices.map { index in
            CampaignHistory.Change(field: "form", old: index == 0 ? nil : "version \(index)", new: "version \(index + 1)")
        }
        var changes = [CampaignHistory.Change(field: "created", old: nil, new: campaign.name)]
        changes += publishes.prefix(1)
        for (old, new) in zip(campaign.statusPath, campaign.statusPath.dropFirst()) {
            changes.append(CampaignHistory.Change(field: "status", old: old, new: new))
        }
        changes += publishes.dropFirst()
        try CampaignHistory.record(changes, campaignID: campaignID, organizationID: organizationID, actorUserID: adminID, in: transaction)
        if let activity = campaign.activity {
            try DemoActivity(
                organizationID: organizationID, campaignID: campaignID, activity: activity,
                adminID: adminID, managerID: managerID
            ).write(in: transaction)
        }
        return .created
    }

    /// The new campaign's id; nil when the slug is another organization's (the policies
    /// hide that campaign, so only the unique index tells, inside a savepoint).
    private func insertCampaign(_ transaction: Transaction) throws -> Int64? {
        let today = DashboardRange.today()
        let startsOn = campaign.startsIn.map { CalendarDate(daysSince1970: today.daysSince1970 + $0) }
        let endsOn = campaign.endsIn.map { CalendarDate(daysSince1970: today.daysSince1970 + $0) }
        let createdDaysAgo = max((campaign.startsIn.map { -$0 } ?? 0) + 5, 3)
        do {
            return try transaction.savepoint { try $0.query(
                """
                INSERT INTO campaigns (organization_id, name, description, status, budget, starts_on, ends_on,
                                       sender_name, sender_email, slug, created_by, created_at, updated_at)
                VALUES (\(organizationID), \(campaign.name), \(campaign.description), \(campaign.status), \(campaign.budget)::numeric,
                        \(startsOn), \(endsOn), 'Lodestar Demo Team', 'hello@lodestar.test', \(slug)::citext, \(adminID),
                        now() - \(createdDaysAgo) * interval '1 day', now())
                RETURNING id
                """
            ).single(Int64.self) }
        } catch let error as PostgresError where error.isUniqueViolation {
            return nil
        }
    }
}
