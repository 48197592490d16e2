import Postgres
import Testing
@testable import Lodestar

@Suite struct DailyChartTests {
    @Test func largeNumbersOnTheYAxisAreShortenedToFitBesideIt() throws {
        let day = try #require(CalendarDate("2026-03-01"))
        let series = [CampaignDashboard.Day(day: day, views: 2_500_000, submissions: 40_000)]
        let svg = DailyChart.svg(series, campaignName: "Big")
        #expect(DailyChart.axisTicks(upTo: 2_500_000) == [0, 1_000_000, 2_000_000, 3_000_000])
        #expect(svg.contains(#"text-anchor="end">3M</text>"#))
        #expect(svg.contains(#"text-anchor="end">1M</text>"#))
        #expect(!svg.contains(#"text-anchor="end">3,000,000</text>"#))
        // The tooltip keeps the exact figure.
        #expect(svg.contains("<title>Mar 1, 2026: 2,500,000 views</title>"))
        #expect(DailyChart.axisLabels([0, 5_000, 10_000, 15_000]) == ["0", "5k", "10k", "15k"])
        #expect(DailyChart.axisLabels([0, 500, 1_000, 1_500]) == ["0", "500", "1,000", "1,500"])
        #expect(DailyChart.axisLabels([0, 500_000, 1_000_000, 1_500_000]) == ["0", "0.5M", "1M", "1.5M"])
        #expect(DailyChart.axisLabels([0, 2_000_000_000, 4_000_000_000]) == ["0", "2B", "4B"])
        // Every label fits in the margin left of the axis (at most 6 characters).
        for highest: Int64 in [1, 9, 99, 999, 9_999, 99_999, 999_999, 12_345_678, 987_654_321_000] {
            for label in DailyChart.axisLabels(DailyChart.axisTicks(upTo: highest)) {
                #expect(label.count <= 6, "\(highest): \(label)")
            }
        }
    }
}
