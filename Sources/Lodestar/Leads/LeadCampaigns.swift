import Postgres

/// The organization's campaigns as the leads pages name them (the inbox's campaign filter,
/// the campaign column, the export). The one place Leads reads campaigns: a plain query
/// today, to become a call into the Campaigns feature's API once it has one.
enum LeadCampaigns {
    struct Campaign: Sendable, Equatable {
        let id: Int64
        let name: String
    }

    /// Every campaign of the organization, by name. Call inside a tenant transaction.
    static func all(organizationID: Int64, in transaction: Transaction) throws -> [Campaign] {
        try transaction.query(
            "SELECT id, name FROM campaigns WHERE organization_id = \(organizationID) ORDER BY lower(name), id"
        ).map { row in
            let (id, name) = try row.decode(Int64.self, String.self)
            return Campaign(id: id, name: name)
        }
    }

    /// The campaigns by id, for naming a lead's campaign.
    static func names(organizationID: Int64, in transaction: Transaction) throws -> [Int64: String] {
        Dictionary(try all(organizationID: organizationID, in: transaction).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
