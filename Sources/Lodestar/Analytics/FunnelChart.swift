/// The funnel of a dashboard as inline SVG: per stage, its name on the left and its count
/// and share of the stage before on the right, over a bar as long as the stage's share of
/// the first stage. Drawn in pixels and percentages of the box's width (no viewBox), so
/// the text keeps its size and every number stays in view however narrow the box.
enum FunnelChart {
    /// One stage of the funnel.
    struct Stage: Sendable, Equatable {
        let label: String
        let value: Int64
    }

    static let rowHeight = 50.0

    static func svg(_ stages: [Stage], campaignName: String, id: String = "dashboard-funnel") -> String {
        let height = rowHeight * Double(max(stages.count, 1))
        let first = max(stages.first?.value ?? 0, 1)
        let coordinate = AnalyticsFormat.coordinate
        return SVGBuilder.chart(
            id: id, className: "chart chart--funnel", width: nil, height: height,
            title: "\(campaignName): funnel", description: description(stages)
        ) { svg in
            for (index, stage) in stages.enumerated() {
                let rowTop = rowHeight * Double(index)
                let share = Double(min(stage.value, first)) / Double(first)
                // A stage with any value keeps a sliver of a bar.
                let percent = stage.value > 0 ? max(share * 100, 0.5) : 0
                svg.open("g", ["class": "funnel__stage funnel__stage--\(index + 1)"])
                svg.element("text", ["class": "funnel__label", "x": "0", "y": coordinate(rowTop + 17), "fill": "#1b2230", "font-size": "14"], text: stage.label)
                svg.element("text", [
                    "class": "funnel__value", "x": "100%", "y": coordinate(rowTop + 17), "text-anchor": "end",
                    "fill": "#1b2230", "font-size": "14",
                ], text: valueText(stages, at: index))
                svg.element("rect", [
                    "class": "funnel__track", "x": "0", "y": coordinate(rowTop + 24),
                    "width": "100%", "height": "18", "rx": "4", "fill": "#eceefe",
                ])
                svg.element("rect", [
                    "class": "funnel__bar", "x": "0", "y": coordinate(rowTop + 24),
                    "width": coordinate(percent) + "%", "height": "18", "rx": "4", "fill": "#3b3fc9",
                ], title: "\(stage.label): \(AnalyticsFormat.count(stage.value))")
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
