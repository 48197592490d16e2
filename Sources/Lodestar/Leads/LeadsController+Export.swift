import Foundation
import HTTP
import Postgres
import Web

extension LeadsController {
    /// Rows fetched from the export's cursor at a time (and written as one chunk).
    static let exportBatchSize = 500

    /// `GET /app/leads/export.csv`: the leads the inbox's filters select, in its order, as
    /// CSV (see `LeadExportColumns`). The export is audited first (who, filters, how many
    /// rows matched), then streamed from a server-side cursor in batches, so memory stays
    /// flat however many leads there are; the cursor's transaction gives one consistent
    /// snapshot and holds one pooled connection while the download runs.
    func export(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        var requested = try LeadFilter(auth.request.query)
        requested.page = 1
        let filter = requested
        let organizationID = auth.organizationID
        let userID = auth.user.id
        let day = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let slug = try filter.campaignID.flatMap { id in
            try self.database.tenant(organizationID: organizationID, userID: userID) { try $0.campaign(id: id, organizationID: organizationID)?.slug }
        }
        let headers: HTTPHeaders = [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=\"\(LeadExportColumns.fileName(campaignSlug: slug, day: day))\"",
            "Cache-Control": "no-store",
        ]
        // A HEAD request exports nothing, so it is neither counted nor audited.
        guard request.method != .head else { return HTTPResponse(status: .ok, headers: headers, body: .stream { _ in }) }
        let slot: ExportSlots.Slot
        switch exportSlots.take(organizationID: organizationID) {
        case .success(let taken):
            slot = taken
        case .failure(.organizationBusy):
            let running = exportSlots.perOrganization == 1 ? "An export" : "\(exportSlots.perOrganization) exports"
            throw WebError(
                .tooManyRequests,
                "\(running) of this organization's leads \(exportSlots.perOrganization == 1 ? "is" : "are") already running. "
                    + "Try again when it has finished.",
                headers: ["Retry-After": "60"])
        case .failure(.processBusy):
            throw WebError(
                .serviceUnavailable,
                "\(exportSlots.limit) exports are already running. Try again in a minute, when one of them has finished.",
                headers: ["Retry-After": "60"])
        }
        let columns = try database.tenant(organizationID: organizationID, userID: userID) { transaction in
            let conditions = try transaction.leadConditions(filter, organizationID: organizationID)
            let rows = try transaction.leadCount(conditions, limit: Int(Int32.max))
            var values = filter.auditValues
            values["rows"] = String(rows)
            try transaction.audit(auth.auditEvent("lead.exported", entityType: "lead", entityID: nil, new: values))
            return try LeadExportColumns(transaction, organizationID: organizationID, campaignID: filter.campaignID)
        }
        let database = self.database
        return HTTPResponse(status: .ok, headers: headers, body: .stream { writer in
            // The closure holds the slot, so it is given back when the stream is done (or dropped).
            defer { withExtendedLifetime(slot) {} }
            try database.tenant(organizationID: organizationID, userID: userID) { transaction in
                try Self.streamRows(transaction, filter: filter, organizationID: organizationID, columns: columns, to: writer)
            }
        })
    }

    private static func streamRows(
        _ transaction: Transaction, filter: LeadFilter, organizationID: Int64, columns: LeadExportColumns,
        to writer: any ResponseBodyWriter
    ) throws {
        let conditions = try transaction.leadConditions(filter, organizationID: organizationID)
        try transaction.execute(
            """
            DECLARE lead_export NO SCROLL CURSOR FOR
            SELECT l.id, to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created,
                   l.email::text AS email, l.name, l.status, u.email::text AS owner_email, l.campaign_id,
                   l.answers::text AS answers
            FROM leads l LEFT JOIN users u ON u.id = l.owner_user_id
            WHERE \(conditions)
            ORDER BY \(filter.sort.orderBy)
            """)
        var csv = CSVWriter(reservingCapacity: 128 * 1024)
        csv.appendRecord(columns.header)
        while true {
            let batch = try transaction.query("FETCH FORWARD \(unsafeRaw: String(exportBatchSize)) FROM lead_export")
            for row in batch {
                let (id, created, email, name, status, owner, campaignID, answers) = try row.decode(
                    Int64.self, String.self, String?.self, String.self, String.self, String?.self, Int64?.self, String.self)
                csv.appendRecord(
                    [String(id), created, email ?? "", name, status, owner ?? "", campaignID.map(columns.campaignName) ?? ""]
                        + columns.answerCells(answersJSON: answers))
            }
            try writer.write(csv.takeBytes())
            if batch.count < exportBatchSize { break }
        }
        try transaction.execute("CLOSE lead_export")
    }
}

/// The columns of a lead export: id, created_at, email, name, status, owner, campaign,
/// then the answers. For one chosen campaign each field key of its form gets a column
/// (`answer.<key>` when the key is one of those columns' names)
/// (the latest version's keys in form order, then keys only older versions had) and an
/// `other_answers` column holds any remaining keys as JSON; otherwise all answers go in
/// one `answers` JSON column. A checkbox group's options are joined with ", ".
struct LeadExportColumns: Sendable {
    let campaignNames: [Int64: String]
    /// The answer keys with a column of their own; nil: one JSON column for all answers.
    let answerKeys: [String]?
    private let keyed: Set<String>

    init(_ transaction: Transaction, organizationID: Int64, campaignID: Int64?) throws {
        campaignNames = try LeadCampaigns.names(organizationID: organizationID, in: transaction)
        guard let campaignID else {
            answerKeys = nil
            keyed = []
            return
        }
        var keys: [String] = []
        let latest = try FormVersions.latestVersion(campaignID: campaignID, organizationID: organizationID, in: transaction) ?? 0
        for version in stride(from: latest, through: 1, by: -1) {
            let definition = try FormVersions.definition(
                campaignID: campaignID, version: version, organizationID: organizationID, in: transaction)
            for field in definition?.fields ?? [] where !keys.contains(field.key) {
                keys.append(field.key)
            }
        }
        answerKeys = keys
        keyed = Set(keys)
    }

    static let fixedColumns = ["id", "created_at", "email", "name", "status", "owner_email", "campaign"]

    /// Every column name is distinct: an answer whose key is one of the lead's own columns
    /// (a form's `name` or `email` field, say) is headed `answer.<key>` (field keys hold no
    /// dots, so these never clash in turn).
    var header: [String] {
        guard let answerKeys else { return Self.fixedColumns + ["answers"] }
        let taken = Set(Self.fixedColumns + ["other_answers"])
        return Self.fixedColumns + answerKeys.map { taken.contains($0) ? "answer." + $0 : $0 } + ["other_answers"]
    }

    /// `leads-2026-12-08.csv`, or `leads-<campaign slug>-2026-12-08.csv` for one campaign
    /// (slugs are lowercase letters, digits and hyphens: safe in a header).
    static func fileName(campaignSlug: String?, day: String) -> String {
        "leads-" + (campaignSlug.map { $0 + "-" } ?? "") + day + ".csv"
    }

    func campaignName(_ id: Int64) -> String {
        campaignNames[id] ?? "Campaign \(id)"
    }

    func answerCells(answersJSON: String) -> [String] {
        guard let answerKeys else { return [answersJSON == "{}" ? "" : answersJSON] }
        let answers = LeadAnswers(json: answersJSON)
        return answerKeys.map { answers.values[$0]?.joined ?? "" } + [answers.json(excluding: keyed)]
    }
}
