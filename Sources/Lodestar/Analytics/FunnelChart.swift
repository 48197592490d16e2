/// The funnel of a dashboard as inline SVG: one horizontal bar per stage, as long as the
/// stage's share of the first stage, with the stage's name on the left and its count and
/// its share of the stage before on the right.
enum FunnelChart {
    /// One stage of the funnel.
    struct Stage: Sendable, Equatable {
        let label: String
        let value: Int64
    }

    static let width = 720.0
    static let rowHeight = 44.0
    static let labelWidth = 190.0
    static let barWidth = 360.0

    static func svg(_ stages: [Stage], campaignName: String, id: String = "dashboard-funnel") -> String {
        let height = rowHeight * Double(max(stages.count, 1))
        let first = max(stages.first?.value ?? 0, 1)
        let coordinate = AnalyticsFormat.coordinate
        return SVGBuilder.chart(
            id: id, className: "chart chart--funnel", width: width, height: height,
            title: "\(campaignName): funnel", description: description(stages)
        ) { svg in
            for (index, stage) in stages.enumerated() {
                let rowTop = rowHeight * Double(index)
                let share = Double(min(stage.value, first)) / Double(first)
                let length = stage.value > 0 ? max(barWidth * share, 2) : 0
                svg.open("g", ["class": "funnel__stage funnel__stage--\(index + 1)"])
                svg.element("text", ["class": "funnel__label", "x": "0", "y": coordinate(rowTop + 26), "fill": "#1b2230", "font-size": "14"], text: stage.label)
                svg.element("rect", [
                    "class": "funnel__track", "x": coordinate(labelWidth), "y": coordinate(rowTop + 8),
                    "width": coordinate(barWidth), "height": "26", "rx": "4", "fill": "#eceefe",
                ])
                svg.element("rect", [
                    "class": "funnel__bar", "x": coordinate(labelWidth), "y": coordinate(rowTop + 8),
                    "width": coordinate(length), "height": "26", "rx": "4", "fill": "#3b3fc9",
                ], title: "\(stage.label): \(AnalyticsFormat.count(stage.value))")
                svg.element("text", [
                    "class": "funnel__value", "x": coordinate(labelWidth + barWidth + 10), "y": coordinate(rowTop + 26),
                    "fill": "#1b2230", "font-size": "14",
                ], text: valueText(stages, at: index))
                svg.close("g")
            }
        }
    }

    /// `1,234 · 12.3%` (the share of the stage before); the first stage shows its count only.
    static func valueText(_ stages: [Stage], at index: Int) -> String {
        let count = AnalyticsFormat.count(stages[index].value)
        guard index > 0 else { return count }
        return "\(count) · \(AnalyticsFormat.percent(stages[index].value, of: stages[index - 1].value))"
    }

    /// The funnel in words, for the SVG's `<desc>`.
    static func description(_ stages: [Stage]) -> String {
        stages.enumerated().map { index, stage in
            index == 0 ? "\(stage.label): \(AnalyticsFormat.count(stage.value))"
                : "\(stage.label): \(AnalyticsFormat.count(stage.value)) (\(AnalyticsFormat.percent(stage.value, of: stages[index - 1].value)) of the stage before)"
        }.joined(separator: "; ") + "."
    }
}
