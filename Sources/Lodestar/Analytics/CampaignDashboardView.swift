import Mustache
import Postgres

/// What `Templates/analytics/campaign-dashboard.mustache` renders: the figures, the two
/// charts (SVG built here, from our own text only, every value escaped), the numbers
/// behind them as tables, and the date-range filter.
struct CampaignDashboardView: MustacheContextConvertible, Sendable {
    let dashboard: CampaignDashboard
    /// The page the filter form and the preset links point at.
    let basePath: String
    let today: CalendarDate
    /// The query that chose the range, when there was one (its message and typed dates).
    var rangeRequest: DashboardRangeRequest?

    init(_ dashboard: CampaignDashboard, basePath: String, today: CalendarDate) {
        self.dashboard = dashboard
        self.basePath = basePath
        self.today = today
    }

    /// Views, submissions, leads now qualified or converted, leads now converted (the last
    /// two among the leads that arrived in the range).
    var funnelStages: [FunnelChart.Stage] {
        [
            FunnelChart.Stage(label: "Views", value: dashboard.views),
            FunnelChart.Stage(label: "Submissions", value: dashboard.submissions),
            FunnelChart.Stage(label: "Qualified or converted", value: dashboard.qualifiedInRange),
            FunnelChart.Stage(label: "Converted", value: dashboard.convertedInRange),
        ]
    }

    var presets: [MustacheValue] {
        DashboardRange.presetDays.map { days in
            let range = DashboardRange.last(days, endingOn: today)
            return [
                "label": .string("Last \(days) days"), "url": .string("\(basePath)?\(range.queryString)"),
                "current": .bool(range == dashboard.range && rangeRequest?.problem == nil),
            ]
        }
    }

    var mustacheValue: MustacheValue {
        let range = dashboard.range
        let problem = rangeRequest?.problem
        let stages = funnelStages
        let days: [MustacheValue] = dashboard.series.map { day in
            [
                "date": .string(day.day.description), "label": .string(AnalyticsFormat.longDay(day.day)),
                "views": .string(AnalyticsFormat.count(day.views)), "submissions": .string(AnalyticsFormat.count(day.submissions)),
                "conversion": .string(AnalyticsFormat.percent(day.submissions, of: day.views)),
            ]
        }
        let total = dashboard.leadTotal
        let leadsURL = "/app/leads?campaign=\(dashboard.campaignID)"
        let statuses: [MustacheValue] = dashboard.leadsByStatus.map { entry in
            [
                "status": .string(entry.status), "url": .string(leadsURL + "&status=" + entry.status), "label": .string(entry.label), "count": .string(AnalyticsFormat.count(entry.count)),
                "share": .string(AnalyticsFormat.percent(entry.count, of: total)),
            ]
        }
        return [
            "campaignID": .string(String(dashboard.campaignID)),
            "campaignName": .string(dashboard.campaignName),
            "campaignStatus": .string(dashboard.campaignStatus),
            "range": [
                "from": .string(range.from.description), "to": .string(range.to.description),
                "fromLabel": .string(AnalyticsFormat.longDay(range.from)), "toLabel": .string(AnalyticsFormat.longDay(range.to)),
                "dayCount": .int(range.dayCount), "dayCountLabel": .string(range.dayCount == 1 ? "1 day" : "\(range.dayCount) days"),
            ],
            "filter": [
                "action": .string(basePath),
                "from": .string(problem == nil ? range.from.description : rangeRequest?.fromText ?? ""),
                "to": .string(problem == nil ? range.to.description : rangeRequest?.toText ?? ""),
                "problem": .optional(problem),
                "maxDays": .int(DashboardRange.maximumDays),
            ],
            "presets": .list(presets),
            "totals": [
                "views": .string(AnalyticsFormat.count(dashboard.views)),
                "submissions": .string(AnalyticsFormat.count(dashboard.submissions)),
                "conversion": .string(AnalyticsFormat.percent(dashboard.conversionRate)),
                "leads": .string(AnalyticsFormat.count(total)),
                "leadsURL": .string(leadsURL),
            ],
            "dailyChart": .string(DailyChart.svg(dashboard.series, campaignName: dashboard.campaignName)),
            "funnelChart": .string(FunnelChart.svg(stages, campaignName: dashboard.campaignName)),
            "funnel": .list(stages.enumerated().map { index, stage in
                [
                    "label": .string(stage.label), "value": .string(AnalyticsFormat.count(stage.value)),
                    "share": index == 0 ? .null : .string(AnalyticsFormat.percent(stage.value, of: stages[index - 1].value)),
                ]
            }),
            "days": .list(days),
            "leadsByStatus": .list(statuses),
            "hasLeads": .bool(total > 0),
        ]
    }
}
