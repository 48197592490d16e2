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

    init(_ transaction: Transaction, lead: LeadDetail, organizationID: Int64, canUpdate: Bool) throws {
        self.lead = lead
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
                "source": .string(lead.source), "score": .int(lead.score), "created": .string(SettingsTabs.date(lead.createdAt)),
                "owner": lead.ownerEmail.map { .string($0) } ?? .null,
                "campaignName": data.campaignName.map { .string($0) } ?? .null,
                "campaignURL": lead.campaignID.map { .string("/app/campaigns/\($0)") } ?? .null,
                "formVersion": lead.formVersion.map { .int($0) } ?? .null,
            ],
            "answers": .list(answers),
            "hasAnswers": .bool(!answers.isEmpty),
            "canUpdate": .bool(canUpdate),
            "statusActions": canUpdate ? .list(lead.status.allowedTargets.map { target in
                [
                    "value": .string(target.rawValue),
                    "label": .string(target.actionLabel(from: lead.status) + (target.isFinal ? "…" : "")),
                    "confirmURL": target.isFinal ? .string("/app/leads/\(lead.id)/status?status=\(target.rawValue)") : .null,
                    "danger": .bool(target == .disqualified),
                ]
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
