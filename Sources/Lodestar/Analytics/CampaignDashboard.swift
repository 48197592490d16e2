import Foundation
import Postgres
import Web

/// The numbers of one campaign's dashboard, read in a tenant transaction from the daily
/// rollups (`campaign_daily_stats`) and indexed lead counts; raw events are never scanned.
struct CampaignDashboard: Sendable, Equatable {
    /// One day of the time series (days without a rollup row count zero).
    struct Day: Sendable, Equatable {
        let day: CalendarDate
        let views: Int64
        let submissions: Int64
    }

    /// A lead status and how many of the campaign's leads have it now.
    struct StatusCount: Sendable, Equatable {
        let status: String
        let label: String
        let count: Int64
    }

    /// The lead statuses in pipeline order, with their labels.
    static let leadStatuses: [(key: String, label: String)] = [
        ("new", "New"), ("contacted", "Contacted"), ("qualified", "Qualified"),
        ("converted", "Converted"), ("disqualified", "Disqualified"),
    ]

    let campaignID: Int64
    let campaignName: String
    let campaignStatus: String
    let range: DashboardRange
    /// Every day of the range, in order.
    let series: [Day]
    /// Every lead of the campaign (all time) by its current status, in pipeline order.
    let leadsByStatus: [StatusCount]
    /// Leads that arrived in the range and are now qualified or converted.
    let qualifiedInRange: Int64
    /// Leads that arrived in the range and are now converted.
    let convertedInRange: Int64

    var views: Int64 { series.reduce(0) { $0 + $1.views } }
    var submissions: Int64 { series.reduce(0) { $0 + $1.submissions } }
    var leadTotal: Int64 { leadsByStatus.reduce(0) { $0 + $1.count } }

    /// Submissions per view, or nil without views.
    var conversionRate: Double? { views == 0 ? nil : Double(submissions) / Double(views) }

    /// Reads the dashboard of campaign `campaignID` for `range`; call inside
    /// `Database.tenant` for `organizationID`. Throws a 404 `WebError` when the campaign
    /// is not one of the organization's.
    static func read(campaignID: Int64, organizationID: Int64, range: DashboardRange, in transaction: Transaction) throws -> CampaignDashboard {
        guard let campaign = try transaction.query(
            "SELECT name, status FROM campaigns WHERE organization_id = \(organizationID) AND id = \(campaignID)"
        ).first else {
            throw WebError.notFound("There is no such campaign in this organization.")
        }
        let (name, status) = try campaign.decode(String.self, String.self)
        let series = try transaction.query(
            """
            SELECT d::date AS day, coalesce(s.views, 0) AS views, coalesce(s.submissions, 0) AS submissions
            FROM generate_series(\(range.from)::date, \(range.to)::date, interval '1 day') AS d
            LEFT JOIN campaign_daily_stats s
              ON s.organization_id = \(organizationID) AND s.campaign_id = \(campaignID) AND s.day = d::date
            ORDER BY d
            """
        ).map { row in
            let (day, views, submissions) = try row.decode(CalendarDate.self, Int64.self, Int64.self)
            return Day(day: day, views: views, submissions: submissions)
        }
        // GROUP BY over (organization_id, campaign_id, status): the leads_campaign_status index.
        let counts = Dictionary(uniqueKeysWithValues: try transaction.query(
            """
            SELECT status, count(*) FROM leads
            WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            GROUP BY status
            """
        ).map { try $0.decode(String.self, Int64.self) })
        let funnel = try transaction.query(
            """
            SELECT count(*) FILTER (WHERE status IN ('qualified', 'converted')),
                   count(*) FILTER (WHERE status = 'converted')
            FROM leads
            WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
              AND created_at >= (\(range.from)::date::timestamp AT TIME ZONE 'UTC')
              AND created_at < ((\(range.to)::date + 1)::timestamp AT TIME ZONE 'UTC')
            """
        ).first.map { try $0.decode(Int64.self, Int64.self) } ?? (Int64(0), Int64(0))
        return CampaignDashboard(
            campaignID: campaignID, campaignName: name, campaignStatus: status, range: range, series: series,
            leadsByStatus: leadStatuses.map { StatusCount(status: $0.key, label: $0.label, count: counts[$0.key] ?? 0) },
            qualifiedInRange: funnel.0, convertedInRange: funnel.1
        )
    }

    /// The dashboard's view model: `read` plus the charts and the filter links.
    ///
    /// - Parameters:
    ///   - range: the days to show.
    ///   - basePath: the page the filter form and preset links point at (the campaign page).
    ///   - today: the day presets end on (UTC).
    static func load(
        campaignID: Int64, organizationID: Int64, range: DashboardRange, in transaction: Transaction,
        basePath: String? = nil, today: CalendarDate = DashboardRange.today()
    ) throws -> CampaignDashboardView {
        let dashboard = try read(campaignID: campaignID, organizationID: organizationID, range: range, in: transaction)
        return CampaignDashboardView(dashboard, basePath: basePath ?? "/app/campaigns/\(campaignID)", today: today)
    }

    /// `load` for a request's `from` and `to` query parameters: a range that cannot be
    /// followed shows the default range with a message above the charts.
    static func load(
        campaignID: Int64, organizationID: Int64, query: QueryParameters, in transaction: Transaction,
        basePath: String? = nil, today: CalendarDate = DashboardRange.today()
    ) throws -> CampaignDashboardView {
        let request = DashboardRangeRequest(from: query["from"], to: query["to"], today: today)
        var view = try load(
            campaignID: campaignID, organizationID: organizationID, range: request.range, in: transaction,
            basePath: basePath, today: today
        )
        view.rangeRequest = request
        return view
    }
}
