import Postgres

/// The campaign history: one append-only row per changed field (who, when, old -> new).
/// Other features record their changes to a campaign (a form published) through here.
enum CampaignHistory {
    struct Change: Sendable, Equatable {
        var field: String
        var old: String?
        var new: String?
    }

    /// Records `changes` for one campaign, in the caller's tenant transaction, so the
    /// history is written together with the change or not at all.
    static func record(
        _ changes: [Change], campaignID: Int64, organizationID: Int64, actorUserID: Int64?, in transaction: Transaction
    ) throws {
        for change in changes where change.old != change.new {
            try transaction.execute(
                """
                INSERT INTO campaign_history (organization_id, campaign_id, actor_user_id, field, old_value, new_value)
                VALUES (\(organizationID), \(campaignID), \(actorUserID), \(change.field), \(change.old), \(change.new))
                """
            )
        }
    }
}
