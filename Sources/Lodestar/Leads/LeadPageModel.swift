import Foundation
import Mustache
import Postgres

/// What the lead page reads from the database.
struct LeadPageData {
    let lead: LeadDetail
    let campaignName: String?
    /// The form version the lead was made against, when it is known and still exists.
    let definition: FormDefinition?
    let notes: [LeadNote]
    let timeline: [LeadTimelineEntry]
    let owners: [LeadOwner]
    /// The inbox the page was opened from, and the leads before and after this one there.
    let inbox: LeadFilter
    let neighbours: LeadNeighbours

    init(_ transaction: Transaction, lead: LeadDetail, organizationID: Int64, canUpdate: Bool, inbox: LeadFilter) throws {
        self.lead = lead
        self.inbox = inbox
        neighbours = try LeadNeighbours(transaction, leadID: lead.id, inbox: inbox, organizationID: organizationID)
        campaignName = try lead.campaignID.map { id in
            try LeadCampaigns.names(organizationID: organizationID, in: transaction)[id] ?? "Campaign \(id)"
        }
        if let campaignID = lead.campaignID, let version = lead.formVersion {
            definition = try FormVersions.definition(campaignID: campaignID, version: version, organizationID: organizationID, in: transaction)
        } else {
            definition = nil
        }
        notes = try transaction.leadNotes(leadID: lead.id, organizationID: organizationID)
        timeline = try transaction.leadTimeline(leadID: lead.id, organizationID: organizationID)
        owners = canUpdate ? try transaction.leadOwners(organizationID: organizationID) : []
    }
}

/// The leads before and after one lead in an inbox page's order, as links to their pages
/// within that inbox (the neighbour across a page boundary carries the page before or
/// after). Both nil when the lead is not on the inbox's page (it no longer matches, or the
/// list moved).
struct LeadNeighbours {
    var previousURL: String?
    var nextURL: String?

    init(_ transaction: Transaction, leadID: Int64, inbox: LeadFilter, organizationID: Int64) throws {
        let conditions = try transaction.leadConditions(inbox, organizationID: organizationID)
        let size = LeadsController.pageSize
        let (rows, more) = try transaction.leadRows(conditions, filter: inbox, pageSize: size)
        guard let index = rows.firstIndex(where: { $0.id == leadID }) else { return }
        if index > 0 {
            previousURL = LeadController.pageURL(rows[index - 1].id, inbox: inbox)
        } else if inbox.page > 1 {
            var before = inbox
            before.page -= 1
            previousURL = try transaction.leadRows(conditions, filter: before, pageSize: size).rows.last
                .map { LeadController.pageURL($0.id, inbox: before) }
        }
        if index < rows.count - 1 {
            nextURL = LeadController.pageURL(rows[index + 1].id, inbox: inbox)
        } else if more {
            var after = inbox
            after.page += 1
            nextURL = try transaction.leadRows(conditions, filter: after, pageSize: size).rows.first
                .map { LeadController.pageURL($0.id, inbox: after) }
        }
    }
}

/// The view model of `Templates/leads/show.mustache`.
struct LeadPageModel {
    let data: LeadPageData
    let canUpdate: Bool
    let errors: LeadPageErrors
    let noteBody: String

    var value: MustacheValue {
        let lead = data.lead
        let answers: [MustacheValue] = lead.answers.labeled(by: data.definition).map { answer in
            ["label": .string(answer.label), "key": .string(answer.key), "value": .string(answer.value.joined), "defined": .bool(answer.defined || data.definition == nil)]
        }
        let notes: [MustacheValue] = data.notes.map { note in
            ["author": .string(note.authorEmail ?? "a former member"), "body": .string(note.body), "when": .string(SettingsTabs.date(note.createdAt))]
        }
        return [
            "lead": [
                "id": .string(String(lead.id)), "title": .string(lead.title), "email": .string(lead.email ?? ""),
                "name": .string(lead.name), "status": .string(lead.status.rawValue), "statusLabel": .string(lead.status.label),
                "source": .string(LeadFacts.source(lead.source)), "score": .string(LeadFacts.score(lead.score)),
                "created": .string(SettingsTabs.date(lead.createdAt)),
                "owner": lead.ownerEmail.map { .string($0) } ?? .null,
                "campaignName": data.campaignName.map { .string($0) } ?? .null,
                "campaignURL": lead.campaignID.map { .string("/app/campaigns/\($0)") } ?? .null,
                "formVersion": lead.formVersion.map { .int($0) } ?? .null,
            ],
            "answers": .list(answers),
            "hasAnswers": .bool(!answers.isEmpty),
            "canUpdate": .bool(canUpdate),
            "statusOptions": canUpdate ? .list(lead.status.allowedTargets.map { target in
                let kind = target.isFinal ? " (final)" : target < lead.status ? " (back)" : ""
                return ["value": .string(target.rawValue), "label": .string(target.label + kind)]
            }) : .null,
            "statusFinal": .bool(lead.status.isFinal),
            "statusError": errors.status.map { .string($0) } ?? .null,
            "ownerField": canUpdate ? ownerField : .null,
            "notes": .list(notes),
            "hasNotes": .bool(!notes.isEmpty),
            "noteField": canUpdate ? [
                "id": "note-body", "name": "body", "label": "Add a note", "isTextarea": true, "rows": 4, "value": .string(noteBody),
                "required": true, "help": "Only members of this organization see notes.",
                "error": errors.note.map { .string($0) } ?? .null, "placeholder": .null, "autocomplete": .null,
            ] : .null,
            "inbox": [
                "back": .string(data.inbox.queryString(page: data.inbox.page)),
                "url": .string(data.inbox.url(page: data.inbox.page)),
                "previousURL": .optional(data.neighbours.previousURL),
                "nextURL": .optional(data.neighbours.nextURL),
            ],
            "timeline": .list(data.timeline.map(Self.timelineValue)),
            "hasTimeline": .bool(!data.timeline.isEmpty),
        ]
    }

    private var ownerField: MustacheValue {
        let current = data.lead.ownerUserID
        var options: [MustacheValue] = [["value": "", "label": "Nobody", "selected": .bool(current == nil)]]
        options += data.owners.map { ["value": .string(String($0.id)), "label": .string($0.displayName), "selected": .bool($0.id == current)] }
        if let current, !data.owners.contains(where: { $0.id == current }) {
            // A former member still owns the lead: keep them selectable so the form does not silently unassign.
            options.append(["value": .string(String(current)), "label": .string(data.lead.ownerEmail ?? "a former member"), "selected": true])
        }
        return [
            "id": "lead-owner", "name": "owner", "label": "Assigned to", "isSelect": true, "options": .list(options),
            "required": false, "help": .null, "error": errors.owner.map { .string($0) } ?? .null, "value": .null, "autocomplete": .null,
        ]
    }

    static func timelineValue(_ entry: LeadTimelineEntry) -> MustacheValue {
        [
            "kind": .string(entry.kind.rawValue), "when": .string(SettingsTabs.date(entry.at)),
            "text": .string(text(entry)), "actor": entry.actorEmail.map { .string($0) } ?? .null,
            "body": entry.body.map { .string($0) } ?? .null,
        ]
    }

    static func text(_ entry: LeadTimelineEntry) -> String {
        func status(_ raw: String?) -> String { raw.flatMap(LeadStatus.init(rawValue:))?.label.lowercased() ?? raw ?? "?" }
        switch entry.kind {
        case .submitted: return "Submitted the landing page form"
        case .created: return "Lead created"
        case .status: return "Status changed from \(status(entry.oldValue)) to \(status(entry.newValue))"
        case .owner:
            switch (entry.oldValue, entry.newValue) {
            case (nil, let new?): return "Assigned to \(new)"
            case (let old?, nil): return "Unassigned (was \(old))"
            case (let old?, let new?): return "Owner changed from \(old) to \(new)"
            case (nil, nil): return "Owner changed"
            }
        case .note: return "Note"
        }
    }
}
