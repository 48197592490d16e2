import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/campaigns`: the list (status tabs with counts, name search, order, pages) and
/// each campaign's page with its details, status actions and history. Creating, editing,
/// status changes and deleting are in the `+Editing` and `+Lifecycle` extensions.
/// Another organization's campaign is a 404 everywhere.
struct CampaignsController: Sendable {
    let database: Database
    let pages: PageRenderer
    /// Days a slug the organization lets go of stays reserved to it (`SLUG_RESERVATION_DAYS`).
    var slugReservationDays = 90
    /// Called after a change to a campaign's status or slug, so this process's landing
    /// pages follow at once (other processes within the landing cache's time to live).
    var landingChanged: @Sendable () -> Void = {}
    static let pageSize = 25
    static let maxPage = 100_000
    /// History rows on the campaign page; the rest behind "Show all".
    static let historyOnPage = 20
    static let historyPageSize = 100

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let query = auth.request.query
        let page = try Self.page(query)
        var filter = CampaignListFilter()
        if let status = query["status"], !status.isEmpty {
            guard let parsed = CampaignStatus(rawValue: status) else { throw WebError.badRequest("There is no campaign status '\(status)'.") }
            filter.status = parsed
        }
        let search = String(String.UnicodeScalarView((query["q"] ?? "").unicodeScalars.filter { !CampaignInput.isForbiddenControl($0) }))
            .trimmingCharacters(in: .whitespaces)
        filter.search = search.isEmpty ? nil : String(search.prefix(200))
        if let sort = query["sort"], !sort.isEmpty {
            guard let parsed = CampaignSort(rawValue: sort) else { throw WebError.badRequest("The list cannot be sorted by '\(sort)'.") }
            filter.sort = parsed
        }
        let (campaigns, counts, leads, currency) = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let campaigns = try transaction.campaigns(
                organizationID: auth.organizationID, filter: filter, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
            let counts = try transaction.campaignCounts(organizationID: auth.organizationID, search: filter.search)
            let leads = try transaction.leadCounts(campaignIDs: campaigns.map(\.id), organizationID: auth.organizationID)
            return (campaigns, counts, leads, try transaction.organizationCurrency(organizationID: auth.organizationID))
        }
        let total = filter.status.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        let pageCount = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        func url(status: CampaignStatus?, page: Int = 1) -> MustacheValue {
            var parts: [String] = []
            if let status { parts.append("status=\(status.rawValue)") }
            if let search = filter.search { parts.append("q=\(PercentEncoding.encode(search))") }
            if filter.sort != .newest { parts.append("sort=\(filter.sort.rawValue)") }
            if page > 1 { parts.append("page=\(page)") }
            return .string("/app/campaigns" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&")))
        }
        let tabs: [MustacheValue] = [["label": "All", "count": .string(counts.values.reduce(0, +).grouped), "url": url(status: nil), "current": .bool(filter.status == nil)]]
            + CampaignStatus.allCases.map { status in
                ["label": .string(status.label), "count": .string((counts[status] ?? 0).grouped), "url": url(status: status), "current": .bool(filter.status == status)]
            }
        let rows: [MustacheValue] = campaigns.map { campaign in
            var row = CampaignViews.summary(campaign, currency: currency)
            row["leads"] = .string((leads[campaign.id] ?? 0).grouped)
            return .object(row)
        }
        let canCreate = auth.can(.campaignCreate)
        let empty: MustacheValue
        if !rows.isEmpty {
            empty = .null
        } else if total > 0 {
            empty = ["title": .null, "message": "There is no page \(page); the list has \(pageCount).", "actionURL": url(status: filter.status), "actionLabel": "First page"]
        } else if filter.status == nil && filter.search == nil {
            empty = [
                "title": "No campaigns yet",
                "message": canCreate ? "Create a campaign, build its form and publish its landing page." : "Nobody has created a campaign in this organization yet.",
                "actionURL": canCreate ? "/app/campaigns/new" : .null, "actionLabel": canCreate ? "New campaign" : .null,
            ]
        } else {
            empty = ["title": .null, "message": "No campaigns match. Try another status or search.", "actionURL": .null, "actionLabel": .null]
        }
        let model: MustacheValue = [
            "canCreate": .bool(canCreate),
            "tabs": .list(tabs),
            "search": .string(filter.search ?? ""),
            "status": .optional(filter.status?.rawValue),
            "sorts": .list(CampaignSort.allCases.map { ["value": .string($0.rawValue), "label": .string($0.label), "selected": .bool($0 == filter.sort)] }),
            "campaigns": .list(rows),
            "hasCampaigns": .bool(!rows.isEmpty),
            "empty": empty,
            "pagination": pageCount > 1 || page > 1 ? [
                "page": .string(page.grouped), "pageCount": .string(pageCount.grouped),
                "previousURL": page > 1 ? url(status: filter.status, page: page - 1) : .null,
                "nextURL": page < pageCount ? url(status: filter.status, page: page + 1) : .null,
            ] : .null,
        ]
        return try pages.render("campaigns/index", model, context: auth.request, section: .campaigns)
    }

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try renderPage(try Self.campaignID(auth), auth)
    }

    /// The campaign page; with `refusal`, a status change or delete that was refused,
    /// shown at the top with the status it was answered with. A campaign that is not live
    /// yet (draft, scheduled) opens with its setup checklist instead of the dashboard.
    func renderPage(_ id: Int64, _ auth: AuthenticatedContext, refusal: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let (campaign, published, history, historyCount, leads, dashboard, currency) = try database.tenant(
            organizationID: auth.organizationID, userID: auth.user.id
        ) { transaction in
            let campaign = try Self.campaign(id, auth, transaction)
            let dashboard = CampaignChecklist.applies(to: campaign.status) ? nil : try CampaignDashboard.load(
                campaignID: id, organizationID: auth.organizationID, query: auth.request.query, in: transaction)
            let published = try FormVersions.latestVersion(campaignID: id, organizationID: auth.organizationID, in: transaction)
            let history = try CampaignHistory.entries(
                campaignID: id, organizationID: auth.organizationID, limit: Self.historyOnPage, in: transaction)
            let historyCount = try CampaignHistory.count(campaignID: id, organizationID: auth.organizationID, in: transaction)
            let leads = try transaction.leadCounts(campaignIDs: [id], organizationID: auth.organizationID)[id] ?? 0
            return (
                campaign, published, history, historyCount, leads, dashboard,
                try transaction.organizationCurrency(organizationID: auth.organizationID))
        }
        let canUpdate = auth.can(.campaignUpdate)
        var details = CampaignViews.summary(campaign, currency: currency)
        details["leads"] = .string(leads.grouped)
        details["leadsURL"] = .string("/app/leads?campaign=\(campaign.id)")
        // A draft goes live with the checklist's one action rather than "Schedule".
        let offered = campaign.status.allowedTransitions.filter { !(campaign.status == .draft && $0 == .scheduled) }
        // Final steps are links to their confirmation page; cancelling is the least prominent.
        let transitions: [MustacheValue] = canUpdate ? offered.map { target in
            let label = target == .active && campaign.status == .paused ? "Resume" : target.actionLabel
            return [
                "value": .string(target.rawValue), "label": .string(Self.needsConfirmation(target) ? label + "…" : label),
                "confirmURL": Self.needsConfirmation(target) ? .string(Self.confirmationURL(campaign, target: target)) : .null,
                "isPrimary": .bool(target == .active), "isCancel": .bool(target == .cancelled),
            ]
        } : []
        let checklist = CampaignChecklist.applies(to: campaign.status) ? CampaignChecklist(
            campaign: campaign, publishedVersion: published, today: CampaignSchedule.today(), canUpdate: canUpdate,
            landingAddress: pages.landingOrigin + campaign.landingURL
        ).mustacheValue : .null
        let deletable = campaign.status == .draft && leads == 0
        let model: MustacheValue = [
            "campaign": .object(details),
            "refusal": .optional(refusal),
            "canUpdate": .bool(canUpdate),
            "canEdit": .bool(canUpdate && !campaign.status.isFinal),
            "canDelete": .bool(auth.can(.campaignDelete) && deletable),
            "isFinal": .bool(campaign.status.isFinal),
            "checklist": checklist,
            "transitions": .list(transitions),
            "hasActions": .bool(!transitions.isEmpty || (auth.can(.campaignDelete) && deletable)),
            "form": ["published": .bool(published != nil), "version": published.map { .int($0) } ?? .null],
            "history": CampaignViews.history(history, currency: currency),
            "hasHistory": .bool(!history.isEmpty),
            "moreHistory": historyCount > history.count ? .string(historyCount.grouped) : .null,
            "historyURL": .string(campaign.pageURL + "/history"),
            "dashboard": dashboard?.mustacheValue ?? .null,
        ]
        return try pages.render("campaigns/show", model, context: auth.request, section: .campaigns, status: status)
    }

    /// `/app/campaigns/:id/history`: the whole history, 100 rows a page.
    func history(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let page = try Self.page(auth.request.query)
        let (campaign, entries, total, currency) = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let campaign = try Self.campaign(id, auth, transaction)
            let entries = try CampaignHistory.entries(
                campaignID: id, organizationID: auth.organizationID, limit: Self.historyPageSize,
                offset: (page - 1) * Self.historyPageSize, in: transaction)
            return (
                campaign, entries, try CampaignHistory.count(campaignID: id, organizationID: auth.organizationID, in: transaction),
                try transaction.organizationCurrency(organizationID: auth.organizationID))
        }
        let pageCount = max(1, (total + Self.historyPageSize - 1) / Self.historyPageSize)
        let base = campaign.pageURL + "/history"
        let model: MustacheValue = [
            "campaign": .object(CampaignViews.summary(campaign, currency: currency)),
            "history": CampaignViews.history(entries, currency: currency),
            "hasHistory": .bool(!entries.isEmpty),
            "empty": entries.isEmpty ? ["title": .null, "message": "No history on this page.", "actionURL": .null, "actionLabel": .null] : .null,
            "pagination": pageCount > 1 || page > 1 ? [
                "page": .string(page.grouped), "pageCount": .string(pageCount.grouped),
                "previousURL": page > 1 ? .string(base + "?page=\(page - 1)") : .null,
                "nextURL": page < pageCount ? .string(base + "?page=\(page + 1)") : .null,
            ] : .null,
        ]
        return try pages.render("campaigns/history", model, context: auth.request, section: .campaigns)
    }

    /// The `:id` of the route; not a number -> 404 (the address names nothing).
    static func campaignID(_ auth: AuthenticatedContext) throws -> Int64 {
        try auth.request.parameters.int64("id")
    }

    /// The campaign in the signed-in organization, or a 404 (also for another organization's).
    static func campaign(_ id: Int64, _ auth: AuthenticatedContext, _ transaction: Transaction, forUpdate: Bool = false) throws -> Campaign {
        guard let campaign = try transaction.campaign(id: id, organizationID: auth.organizationID, forUpdate: forUpdate) else {
            throw WebError.notFound("There is no such campaign in \(auth.membership.organizationName).")
        }
        return campaign
    }

    /// `?page=` (default 1); 400 when not a page number.
    static func page(_ query: QueryParameters) throws -> Int {
        let page = max(try query.optionalInt("page") ?? 1, 1)
        guard page <= maxPage else { throw WebError.badRequest("There is no page \(page).") }
        return page
    }
}
