import Mustache

/// Accumulates SVG markup for the server-drawn charts. Element and attribute names are
/// literals of our code; every text and attribute value goes through HTML escaping, so
/// a campaign name or any other text can never become markup.
struct SVGBuilder {
    private(set) var markup = ""

    /// `<name attributes...>` (`selfClosing`: `<name .../>`).
    mutating func open(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], selfClosing: Bool = false) {
        markup += "<\(name)"
        for (key, value) in attributes {
            markup += " \(key)=\"\(HTMLEscaping.escape(value))\""
        }
        markup += selfClosing ? "/>" : ">"
    }

    mutating func close(_ name: StaticString) {
        markup += "</\(name)>"
    }

    /// An element with only `attributes`.
    mutating func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String>) {
        open(name, attributes, selfClosing: true)
    }

    /// An element holding escaped `text`.
    mutating func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], text: String) {
        open(name, attributes)
        markup += HTMLEscaping.escape(text)
        close(name)
    }

    /// An element holding a `<title>` (the tooltip and accessible name of a bar or point).
    mutating func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String>, title: String) {
        open(name, attributes)
        element("title", text: title)
        close(name)
    }

    /// The `<svg>` root with `role="img"`, a `<title>` and a `<desc>` it is labelled by,
    /// then `body`'s content.
    /// With `width` the chart scales as a whole (a viewBox); without, it is `height` pixels
    /// tall and as wide as its box, drawn in pixels and percentages, so its text keeps its
    /// size at any width.
    static func chart(
        id: String, className: String, width: Double?, height: Double, title: String, description: String,
        _ body: (inout SVGBuilder) -> Void
    ) -> String {
        var svg = SVGBuilder()
        let labelledBy = "\(id)-title \(id)-desc"
        if let width {
            svg.open("svg", [
                "xmlns": "http://www.w3.org/2000/svg", "class": className,
                "viewBox": "0 0 \(AnalyticsFormat.coordinate(width)) \(AnalyticsFormat.coordinate(height))",
                "role": "img", "aria-labelledby": labelledBy, "focusable": "false",
            ])
        } else {
            svg.open("svg", [
                "xmlns": "http://www.w3.org/2000/svg", "class": className, "width": "100%", "height": AnalyticsFormat.coordinate(height),
                "role": "img", "aria-labelledby": labelledBy, "focusable": "false",
            ])
        }
        svg.element("title", ["id": "\(id)-title"], text: title)
        svg.element("desc", ["id": "\(id)-desc"], text: description)
        body(&svg)
        svg.close("svg")
        return svg.markup
    }
}
