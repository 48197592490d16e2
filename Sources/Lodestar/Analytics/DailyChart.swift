/// The daily chart of a dashboard as inline SVG: views as one bar per day, submissions as
/// a line with one point per day, a y axis with round ticks and grid lines, and an x axis
/// with a few day labels. Drawn on the server; CSS classes (Public/app.css) style it and
/// presentation attributes keep it legible without the stylesheet.
enum DailyChart {
    static let width = 720.0
    static let height = 260.0
    static let left = 56.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 34.0
    /// About how many day labels the x axis shows.
    static let labelTarget = 8

    static func svg(_ series: [CampaignDashboard.Day], campaignName: String, id: String = "dashboard-daily") -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let highest = series.reduce(Int64(0)) { max($0, $1.views, $1.submissions) }
        let ticks = axisTicks(upTo: highest)
        let scaleTop = Double(ticks.last ?? 1)
        let step = plotWidth / Double(max(series.count, 1))
        let barWidth = max(step * 0.7, 0.5)
        func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }
        func y(_ value: Int64) -> Double { top + plotHeight - plotHeight * Double(value) / scaleTop }
        let coordinate = AnalyticsFormat.coordinate

        return SVGBuilder.chart(
            id: id, className: "chart chart--daily", width: width, height: height,
            title: "\(campaignName): views and submissions per day", description: description(series)
        ) { svg in
            svg.open("g", ["class": "chart__grid", "stroke": "#d9dee5"])
            for tick in ticks {
                svg.element("line", ["x1": coordinate(left), "x2": coordinate(width - right), "y1": coordinate(y(tick)), "y2": coordinate(y(tick))])
            }
            svg.close("g")
            svg.open("g", ["class": "chart__axis-labels", "fill": "#4f5b6d", "font-size": "13"])
            for (tick, label) in zip(ticks, axisLabels(ticks)) {
                svg.element("text", ["x": coordinate(left - 8), "y": coordinate(y(tick) + 4), "text-anchor": "end"], text: label)
            }
            let every = max(1, (series.count + labelTarget - 1) / labelTarget)
            for (index, day) in series.enumerated() where index % every == 0 {
                svg.element("line", ["class": "chart__tick", "x1": coordinate(x(index)), "x2": coordinate(x(index)), "y1": coordinate(top + plotHeight), "y2": coordinate(top + plotHeight + 5), "stroke": "#aeb7c4"])
                svg.element("text", ["x": coordinate(x(index)), "y": coordinate(height - 10), "text-anchor": "middle"], text: AnalyticsFormat.shortDay(day.day))
            }
            svg.close("g")
            svg.element("line", ["class": "chart__axis", "x1": coordinate(left), "x2": coordinate(width - right), "y1": coordinate(top + plotHeight), "y2": coordinate(top + plotHeight), "stroke": "#aeb7c4"])
            svg.element("line", ["class": "chart__axis", "x1": coordinate(left), "x2": coordinate(left), "y1": coordinate(top), "y2": coordinate(top + plotHeight), "stroke": "#aeb7c4"])

            svg.open("g", ["class": "chart__bars", "fill": "#b8bcf3"])
            for (index, day) in series.enumerated() {
                let barTop = y(day.views)
                svg.element("rect", [
                    "class": "chart__bar", "x": coordinate(x(index) - barWidth / 2), "y": coordinate(barTop),
                    "width": coordinate(barWidth), "height": coordinate(top + plotHeight - barTop),
                ], title: "\(AnalyticsFormat.longDay(day.day)): \(AnalyticsFormat.count(day.views)) views")
            }
            svg.close("g")

            let points = series.enumerated().map { "\(coordinate(x($0.offset))),\(coordinate(y($0.element.submissions)))" }
            svg.element("polyline", ["class": "chart__line", "points": points.joined(separator: " "), "fill": "none", "stroke": "#126b38", "stroke-width": "2"])
            let radius = min(3.5, max(1.2, step / 3))
            svg.open("g", ["class": "chart__points", "fill": "#126b38"])
            for (index, day) in series.enumerated() {
                svg.element("circle", [
                    "class": "chart__point", "cx": coordinate(x(index)), "cy": coordinate(y(day.submissions)), "r": coordinate(radius),
                ], title: "\(AnalyticsFormat.longDay(day.day)): \(AnalyticsFormat.count(day.submissions)) submissions")
            }
            svg.close("g")
        }
    }

    /// Round tick values from 0 to at least `highest`: steps of 1, 2 or 5 times a power of
    /// ten, about four intervals (0...4 when there is nothing to show).
    static func axisTicks(upTo highest: Int64) -> [Int64] {
        guard highest > 0 else { return [0, 1, 2, 3, 4] }
        let rough = max(Double(highest) / 4, 1)
        var magnitude: Int64 = 1
        while Double(magnitude) * 10 <= rough { magnitude *= 10 }
        let normalized = rough / Double(magnitude)
        let step = magnitude * (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10)
        let top = (highest + step - 1) / step * step
        return Array(stride(from: Int64(0), through: top, by: Int(step)))
    }

    /// The y axis's labels: `1,500` below ten thousand; above, every tick in the unit of
    /// the highest (`5k`, `0.5M`, `2B`), so the labels fit in the margin left of the axis
    /// (the bars' tooltips keep the exact figures).
    static func axisLabels(_ ticks: [Int64]) -> [String] {
        let highest = ticks.max() ?? 0
        guard highest >= 10_000 else { return ticks.map(AnalyticsFormat.count) }
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        let (unit, suffix) = units.first { Double(highest) >= $0.0 } ?? (1e3, "k")
        return ticks.map { tick in
            guard tick != 0 else { return "0" }
            let tenths = Int64((Double(tick) / unit * 10).rounded())
            let text = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
            return text + suffix
        }
    }

    /// The chart in words, for the SVG's `<desc>`.
    static func description(_ series: [CampaignDashboard.Day]) -> String {
        guard let first = series.first, let last = series.last else { return "No days to show." }
        let views = series.reduce(0) { $0 + $1.views }
        let submissions = series.reduce(0) { $0 + $1.submissions }
        var text = "\(AnalyticsFormat.longDay(first.day)) to \(AnalyticsFormat.longDay(last.day)): "
            + "\(AnalyticsFormat.count(views)) views (bars) and \(AnalyticsFormat.count(submissions)) submissions (line)."
        if let busiest = series.max(by: { $0.views < $1.views }), busiest.views > 0 {
            text += " Most views on \(AnalyticsFormat.longDay(busiest.day)): \(AnalyticsFormat.count(busiest.views))."
        }
        return text
    }
}
