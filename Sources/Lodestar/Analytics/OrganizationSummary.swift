import Mustache
import Postgres

/// The figures across an organization's campaigns for the home page: views, submissions
/// and conversion over the last 30 days, and the campaigns with the most submissions.
/// Read from the daily rollups only.
struct OrganizationSummary: MustacheContextConvertible, Sendable, Equatable {
    struct CampaignFigures: Sendable, Equatable {
        let id: Int64
        let name: String
        let status: String
        let views: Int64
        let submissions: Int64
    }

    static let days = 30
    static let topCount = 5

    let range: DashboardRange
    let views: Int64
    let submissions: Int64
    /// The campaigns with the most submissions in the range (then the most views).
    let top: [CampaignFigures]

    /// Call inside `Database.tenant` for `organizationID`.
    static func load(organizationID: Int64, today: CalendarDate = DashboardRange.today(), in transaction: Transaction) throws -> OrganizationSummary {
        let range = DashboardRange.last(days, endingOn: today)
        let (views, submissions) = try transaction.query(
            """
            SELECT coalesce(sum(views), 0)::bigint, coalesce(sum(submissions), 0)::bigint FROM campaign_daily_stats
            WHERE organization_id = \(organizationID) AND day BETWEEN \(range.from) AND \(range.to)
            """
        ).first.map { try $0.decode(Int64.self, Int64.self) } ?? (Int64(0), Int64(0))
        let top = try transaction.query(
            """
            SELECT c.id, c.name, c.status, s.views, s.submissions
            FROM (
                SELECT campaign_id, sum(views)::bigint AS views, sum(submissions)::bigint AS submissions
                FROM campaign_daily_stats
                WHERE organization_id = \(organizationID) AND day BETWEEN \(range.from) AND \(range.to)
                GROUP BY campaign_id
            ) s
            JOIN campaigns c ON c.organization_id = \(organizationID) AND c.id = s.campaign_id
            ORDER BY s.submissions DESC, s.views DESC, c.id
            LIMIT \(topCount)
            """
        ).map { row in
            let (id, name, status, views, submissions) = try row.decode(Int64.self, String.self, String.self, Int64.self, Int64.self)
            return CampaignFigures(id: id, name: name, status: status, views: views, submissions: submissions)
        }
        return OrganizationSummary(range: range, views: views, submissions: submissions, top: top)
    }

    var mustacheValue: MustacheValue {
        [
            "days": .int(range.dayCount),
            "fromLabel": .string(AnalyticsFormat.longDay(range.from)),
            "toLabel": .string(AnalyticsFormat.longDay(range.to)),
            "views": .string(AnalyticsFormat.count(views)),
            "submissions": .string(AnalyticsFormat.count(submissions)),
            "conversion": .string(AnalyticsFormat.percent(submissions, of: views)),
            "campaigns": .list(top.map { campaign in
                [
                    "url": .string("/app/campaigns/\(campaign.id)"), "name": .string(campaign.name),
                    "status": .string(campaign.status), "statusLabel": .string(campaign.status.prefix(1).uppercased() + campaign.status.dropFirst()),
                    "views": .string(AnalyticsFormat.count(campaign.views)),
                    "submissions": .string(AnalyticsFormat.count(campaign.submissions)),
                    "conversion": .string(AnalyticsFormat.percent(campaign.submissions, of: campaign.views)),
                ]
            }),
            "hasCampaigns": .bool(!top.isEmpty),
        ]
    }
}
