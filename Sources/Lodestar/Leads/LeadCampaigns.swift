import Postgres

/// The organization's campaigns as the leads pages name them (the inbox's campaign filter,
/// the campaign column, the export), read through the Campaigns feature's API.
enum LeadCampaigns {
    struct Campaign: Sendable, Equatable {
        let id: Int64
        let name: String
    }

    /// Every campaign of the organization, by name. Call inside a tenant transaction.
    static func all(organizationID: Int64, in transaction: Transaction) throws -> [Campaign] {
        try transaction.campaignChoices(organizationID: organizationID).map { Campaign(id: $0.id, name: $0.name) }
    }

    /// The campaigns by id, for naming a lead's campaign.
    static func names(organizationID: Int64, in transaction: Transaction) throws -> [Int64: String] {
        Dictionary(try all(organizationID: organizationID, in: transaction).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
