import Postgres

/// The published versions of a campaign's form: the small API other features use
/// (campaigns need "is there a published form?", leads show the version they were made
/// against). Call inside a tenant transaction.
enum FormVersions {
    /// The highest published version number, or nil when the form was never published.
    static func latestVersion(campaignID: Int64, organizationID: Int64, in transaction: Transaction) throws -> Int? {
        try transaction.query(
            """
            SELECT max(version) AS version FROM form_versions
            WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            """
        ).first?.decode(Int?.self, column: "version")
    }

    /// One published version's definition.
    static func definition(
        campaignID: Int64, version: Int, organizationID: Int64, in transaction: Transaction
    ) throws -> FormDefinition? {
        try transaction.query(
            """
            SELECT definition FROM form_versions
            WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID) AND version = \(version)
            """
        ).first?.decode(JSONDocument.self, column: "definition").decode(FormDefinition.self)
    }
}
