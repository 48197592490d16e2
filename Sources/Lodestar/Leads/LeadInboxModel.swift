import Foundation
import Mustache

/// The view model of `Templates/leads/index.mustache`.
struct LeadInboxModel {
    let data: InboxData
    let filter: LeadFilter
    let auth: AuthenticatedContext
    let error: String?
    let checked: Set<Int64>

    var value: MustacheValue {
        let names = Dictionary(data.campaigns.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let leads: [MustacheValue] = data.rows.map { row in
            [
                "id": .string(String(row.id)), "url": .string(LeadController.pageURL(row.id, inbox: filter)),
                "email": .string(row.email ?? ""), "name": .string(row.name),
                "title": .string(row.email ?? (row.name.isEmpty ? "Lead \(row.id)" : row.name)),
                "campaignName": row.campaignID.map { .string(names[$0] ?? "Campaign \($0)") } ?? .null,
                "campaignURL": row.campaignID.map { .string("/app/campaigns/\($0)") } ?? .null,
                "status": .string(row.status.rawValue), "statusLabel": .string(row.status.label),
                "owner": row.ownerEmail.map { .string($0) } ?? .null,
                "created": .string(SettingsTabs.date(row.createdAt)),
                "checked": .bool(checked.contains(row.id)),
            ]
        }
        let canUpdate = auth.can(.leadUpdate)
        return [
            "filter": filterValue,
            "summary": .string(summary),
            "exportURL": auth.can(.leadExport) ? .string(filter.url("/app/leads/export.csv")) : .null,
            "clearURL": filter.narrows ? "/app/leads" : .null,
            "leads": .list(leads),
            "hasLeads": .bool(!leads.isEmpty),
            "canUpdate": .bool(canUpdate),
            "bulk": canUpdate && !leads.isEmpty ? bulkValue : .null,
            "error": error.map { .string($0) } ?? .null,
            "empty": leads.isEmpty ? emptyValue : .null,
            "pagination": paginationValue,
        ]
    }

    private var summary: String {
        let count = data.count >= LeadsController.countLimit ? "\(LeadsController.countLimit.grouped)+" : data.count.grouped
        return data.count == 1 ? "1 lead" : "\(count) leads"
    }

    private var filterValue: MustacheValue {
        let campaigns: [MustacheValue] = [["value": "", "label": "All campaigns", "selected": .bool(filter.campaignID == nil)]]
            + data.campaigns.map { ["value": .string(String($0.id)), "label": .string($0.name), "selected": .bool($0.id == filter.campaignID)] }
        let statuses: [MustacheValue] = [["value": "", "label": "Any status", "selected": .bool(filter.status == nil)]]
            + LeadStatus.allCases.map { ["value": .string($0.rawValue), "label": .string($0.label), "selected": .bool($0 == filter.status)] }
        let sorts: [MustacheValue] = LeadSort.allCases.map {
            ["value": .string($0.rawValue), "label": .string($0.label), "selected": .bool($0 == filter.sort)]
        }
        var fields: [MustacheValue] = []
        if !data.fields.isEmpty {
            fields.append(["value": "", "label": "Any field", "selected": .bool(filter.field == nil)])
            fields += data.fields.map { ["value": .string($0.key), "label": .string("\($0.label) (\($0.key))"), "selected": .bool($0.key == filter.field)] }
            if let field = filter.field, !data.fields.contains(where: { $0.key == field }) {
                fields.append(["value": .string(field), "label": .string(field), "selected": true])
            }
        }
        return [
            "q": .string(filter.search ?? ""), "from": .string(filter.from?.description ?? ""), "to": .string(filter.to?.description ?? ""),
            "field": .string(filter.field ?? ""), "value": .string(filter.value ?? ""),
            "moreOpen": .bool(filter.from != nil || filter.to != nil || filter.field != nil || filter.value != nil),
            "campaigns": .list(campaigns), "statuses": .list(statuses), "sorts": .list(sorts),
            "fieldOptions": .list(fields), "hasFieldOptions": .bool(!fields.isEmpty),
        ]
    }

    private var bulkValue: MustacheValue {
        // Both start on "Choose…": a button pressed without a choice changes nothing.
        let statuses: [MustacheValue] = [["value": "", "label": "Choose…"]]
            + LeadStatus.allCases.map { ["value": .string($0.rawValue), "label": .string($0.label)] }
        let owners: [MustacheValue] = [["value": "", "label": "Choose…"], ["value": .string(LeadsController.nobody), "label": "Nobody (unassign)"]]
            + data.owners.map { ["value": .string(String($0.id)), "label": .string($0.displayName)] }
        return ["back": .string(filter.queryString(page: filter.page)), "statuses": .list(statuses), "owners": .list(owners)]
    }

    private var emptyValue: MustacheValue {
        if !data.anyLeads {
            return [
                "title": "No leads yet",
                "message": "Leads arrive when prospects submit a campaign's landing page form. Publish a campaign's form and share its /f/ link to start collecting them.",
                "actionURL": auth.can(.campaignRead) ? "/app/campaigns" : .null, "actionLabel": "Go to campaigns",
            ]
        }
        if data.count > 0 {
            return [
                "title": .string("There is no page \(filter.page)"),
                "message": "These filters match fewer leads than that. Go back to the first page.",
                "actionURL": .string(filter.url()), "actionLabel": "First page",
            ]
        }
        return [
            "title": "No leads match",
            "message": "Try a shorter search, another status or campaign, or a wider date range.",
            "actionURL": "/app/leads", "actionLabel": "Clear the filters",
        ]
    }

    private var paginationValue: MustacheValue {
        let page = filter.page
        guard page > 1 || data.more else { return .null }
        let size = LeadsController.pageSize
        let pages = (data.count + size - 1) / size
        let pageCount = data.count >= LeadsController.countLimit ? "\(pages.grouped)+" : max(pages, page).grouped
        return [
            "page": .string(page.grouped), "pageCount": .string(pageCount),
            "previousURL": page > 1 ? .string(filter.url(page: page - 1)) : .null,
            "nextURL": data.more ? .string(filter.url(page: page + 1)) : .null,
        ]
    }
}
