import Foundation
import Postgres
import Web

/// What the form builder shows about a campaign's form: the campaign, the draft (made
/// from `FormDefinition.starter` the first time) and the latest published version.
struct FormDraftSnapshot: Sendable {
    struct Campaign: Sendable {
        let id: Int64
        let name: String
        let status: String
        let slug: String

        /// Completed and cancelled campaigns are final: their form can no longer change.
        var isFinal: Bool { status == "completed" || status == "cancelled" }
    }

    struct Published: Sendable {
        let version: Int
        let at: Date
        let definition: FormDefinition
    }

    let campaign: Campaign
    let draft: FormDefinition
    let published: Published?

    var hasUnpublishedChanges: Bool { published.map { $0.definition != draft } ?? true }
}

/// The form builder's SQL: the `forms` draft row and publishing into `form_versions`.
/// Every method runs in one tenant transaction; another organization's campaign is a 404.
struct FormDrafts: Sendable {
    let database: Database

    /// The campaign's draft, created from the starter form when missing.
    func snapshot(campaignID: Int64, auth: AuthenticatedContext) throws -> FormDraftSnapshot {
        try tenant(auth) { transaction in
            let campaign = try Self.campaign(campaignID, auth, transaction, lock: false)
            let draft = try Self.ensureDraft(campaign, auth, transaction, lock: false)
            return FormDraftSnapshot(campaign: campaign, draft: draft, published: try Self.latest(campaign, auth, transaction))
        }
    }

    /// Stores `definition` as the draft (the caller has validated it). Refuses with 409 when the
    /// campaign is completed or cancelled.
    func save(_ definition: FormDefinition, campaignID: Int64, auth: AuthenticatedContext) throws {
        try tenant(auth) { transaction in
            let campaign = try Self.campaign(campaignID, auth, transaction, lock: true)
            _ = try Self.ensureDraft(campaign, auth, transaction, lock: true)
            try Self.store(definition, campaign, auth, transaction)
        }
    }

    /// Stores `definition` as the draft and publishes it as the next version, with its
    /// campaign-history row and audit event, all in one transaction. The draft row is
    /// locked first, so two publishes at once get consecutive versions. Returns the new
    /// version number.
    func publish(_ definition: FormDefinition, campaignID: Int64, auth: AuthenticatedContext) throws -> Int {
        try tenant(auth) { transaction in
            let campaign = try Self.campaign(campaignID, auth, transaction, lock: true)
            _ = try Self.ensureDraft(campaign, auth, transaction, lock: true)
            try Self.store(definition, campaign, auth, transaction)
            let previous = try FormVersions.latestVersion(
                campaignID: campaign.id, organizationID: auth.organizationID, in: transaction)
            let version = (previous ?? 0) + 1
            try transaction.execute(
                """
                INSERT INTO form_versions (organization_id, campaign_id, version, definition, published_by)
                VALUES (\(auth.organizationID), \(campaign.id), \(version), \(try JSONDocument(encoding: definition)), \(auth.user.id))
                """)
            try CampaignHistory.record(
                [.init(field: "form", old: previous.map { "version \($0)" }, new: "version \(version)")],
                campaignID: campaign.id, organizationID: auth.organizationID, actorUserID: auth.user.id, in: transaction)
            try transaction.audit(auth.auditEvent(
                "form.published", entityType: "campaign", entityID: String(campaign.id),
                old: previous.map { ["version": String($0)] }, new: ["version": String(version)]))
            return version
        }
    }

    private func tenant<T>(_ auth: AuthenticatedContext, _ body: (Transaction) throws -> T) throws -> T {
        try database.tenant(organizationID: auth.organizationID, userID: auth.user.id, body)
    }

    /// The campaign, or a 404 when this organization has no such campaign. With `lock`,
    /// the row is held (FOR SHARE) so its status cannot become final under a write, and a
    /// final campaign is refused with 409.
    private static func campaign(
        _ id: Int64, _ auth: AuthenticatedContext, _ transaction: Transaction, lock: Bool
    ) throws -> FormDraftSnapshot.Campaign {
        let rows = try transaction.query(
            """
            SELECT name, status, slug::text FROM campaigns
            WHERE organization_id = \(auth.organizationID) AND id = \(id)
            \(lock ? "FOR SHARE" : "" as Query)
            """)
        guard let row = rows.first else { throw WebError.notFound("This organization has no such campaign.") }
        let (name, status, slug) = try row.decode(String.self, String.self, String.self)
        let campaign = FormDraftSnapshot.Campaign(id: id, name: name, status: status, slug: slug)
        if lock, campaign.isFinal {
            throw WebError(.conflict, "This campaign is \(status); its form can no longer be changed.")
        }
        return campaign
    }

    /// The draft definition, inserting the starter form when the campaign has none yet.
    /// With `lock`, the draft row stays locked (FOR UPDATE) until the transaction ends.
    private static func ensureDraft(
        _ campaign: FormDraftSnapshot.Campaign, _ auth: AuthenticatedContext, _ transaction: Transaction, lock: Bool
    ) throws -> FormDefinition {
        let starter = try JSONDocument(encoding: FormDefinition.starter(title: campaign.name))
        try transaction.execute(
            """
            INSERT INTO forms (organization_id, campaign_id, draft) VALUES (\(auth.organizationID), \(campaign.id), \(starter))
            ON CONFLICT (organization_id, campaign_id) DO NOTHING
            """)
        let draft = try transaction.query(
            """
            SELECT draft FROM forms WHERE organization_id = \(auth.organizationID) AND campaign_id = \(campaign.id)
            \(lock ? "FOR UPDATE" : "" as Query)
            """).single(JSONDocument.self)
        return try draft.decode(FormDefinition.self)
    }

    private static func store(
        _ definition: FormDefinition, _ campaign: FormDraftSnapshot.Campaign, _ auth: AuthenticatedContext,
        _ transaction: Transaction
    ) throws {
        try transaction.execute(
            """
            UPDATE forms SET draft = \(try JSONDocument(encoding: definition)), updated_by = \(auth.user.id), updated_at = now()
            WHERE organization_id = \(auth.organizationID) AND campaign_id = \(campaign.id)
            """)
    }

    private static func latest(
        _ campaign: FormDraftSnapshot.Campaign, _ auth: AuthenticatedContext, _ transaction: Transaction
    ) throws -> FormDraftSnapshot.Published? {
        let rows = try transaction.query(
            """
            SELECT version, published_at, definition FROM form_versions
            WHERE organization_id = \(auth.organizationID) AND campaign_id = \(campaign.id)
            ORDER BY version DESC LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        let (version, at, document) = try row.decode(Int.self, Date.self, JSONDocument.self)
        return FormDraftSnapshot.Published(version: version, at: at, definition: try document.decode(FormDefinition.self))
    }
}
