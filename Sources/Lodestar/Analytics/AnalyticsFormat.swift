import Postgres

/// How dashboards write numbers and days (English, independent of the server's locale).
enum AnalyticsFormat {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `12,345` (`BinaryInteger.grouped`).
    static func count(_ value: Int64) -> String {
        value.grouped
    }

    /// A ratio as a percentage with one decimal (`0.1234` is `12.3%`); "—" when there is
    /// no ratio (nothing to divide by).
    static func percent(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "—" }
        let tenths = (ratio * 1000).rounded()
        let whole = Int64(tenths / 10)
        let decimal = Int64(abs(tenths.truncatingRemainder(dividingBy: 10)))
        return "\(count(whole)).\(decimal)%"
    }

    /// `part / whole` as a percentage, "—" when `whole` is zero.
    static func percent(_ part: Int64, of whole: Int64) -> String {
        percent(whole == 0 ? nil : Double(part) / Double(whole))
    }

    /// `Nov 3`.
    static func shortDay(_ day: CalendarDate) -> String {
        "\(monthNames[day.month - 1]) \(day.day)"
    }

    /// `Nov 3, 2026`.
    static func longDay(_ day: CalendarDate) -> String {
        "\(shortDay(day)), \(day.year)"
    }

    /// A coordinate for SVG: at most one decimal, no trailing `.0`.
    static func coordinate(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        return String(tenths / 10)
    }
}
