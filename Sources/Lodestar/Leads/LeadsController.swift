import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/leads`: the leads inbox. Search, filters, order and page come from the address
/// (`LeadFilter`); with `lead.update` leads can be ticked for a bulk status change or
/// assignment (`LeadsController+Bulk.swift`); with `lead.export` the same selection
/// downloads as CSV (`LeadsController+Export.swift`).
struct LeadsController: Sendable {
    let database: Database
    let pages: PageRenderer
    /// Exports streaming at once, per organization and in all (`LEAD_EXPORTS_*`).
    var exportSlots = ExportSlots(limit: 2, perOrganization: 1)
    static let pageSize = 50
    /// Counting stops here: past it the inbox says "10,000+ leads".
    static let countLimit = 10_000

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, filter: try LeadFilter(auth.request.query))
    }

    /// The inbox page; a refused bulk action re-renders it with `error`, the ticked leads kept.
    func render(
        _ auth: AuthenticatedContext, filter: LeadFilter, error: String? = nil, checked: Set<Int64> = [],
        status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let data = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try InboxData(transaction, organizationID: auth.organizationID, filter: filter, canUpdate: auth.can(.leadUpdate))
        }
        let model = LeadInboxModel(data: data, filter: filter, auth: auth, error: error, checked: checked)
        return try pages.render("leads/index", model.value, context: auth.request, section: .leads, status: status)
    }
}

/// What the inbox reads from the database for one request.
struct InboxData {
    let rows: [LeadRow]
    let more: Bool
    let count: Int
    let anyLeads: Bool
    let campaigns: [LeadCampaigns.Campaign]
    /// The fields of the chosen campaign's latest published form (empty without a campaign).
    let fields: [FormField]
    let owners: [LeadOwner]

    init(_ transaction: Transaction, organizationID: Int64, filter: LeadFilter, canUpdate: Bool) throws {
        let conditions = try transaction.leadConditions(filter, organizationID: organizationID)
        (rows, more) = try transaction.leadRows(conditions, filter: filter, pageSize: LeadsController.pageSize)
        count = try transaction.leadCount(conditions, limit: LeadsController.countLimit)
        anyLeads = try count > 0 || (filter.narrows && transaction.hasLeads(organizationID: organizationID))
        campaigns = try LeadCampaigns.all(organizationID: organizationID, in: transaction)
        if let campaignID = filter.campaignID,
           let version = try FormVersions.latestVersion(campaignID: campaignID, organizationID: organizationID, in: transaction) {
            fields = try FormVersions.definition(
                campaignID: campaignID, version: version, organizationID: organizationID, in: transaction
            )?.fields ?? []
        } else {
            fields = []
        }
        owners = canUpdate ? try transaction.leadOwners(organizationID: organizationID) : []
    }
}
