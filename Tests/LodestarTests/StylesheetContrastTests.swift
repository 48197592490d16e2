import Foundation
import Testing

/// WCAG 1.4.11 (non-text contrast) in `Public/app.css`: the keyboard focus ring and the
/// borders of form controls have at least 3:1 against the colours they sit on, and the
/// stylesheet's comment states the ratios the colours really have.
@Suite struct StylesheetContrastTests {
    static func stylesheet() throws -> String {
        try String(contentsOfFile: TestPaths.publicDirectory + "/app.css", encoding: .utf8)
    }

    /// The value of `--name: #rrggbb;` in the stylesheet.
    static func colour(_ name: String, in css: String) throws -> String {
        let pattern = "--" + name + #":\s*(#[0-9a-fA-F]{6});"#
        let match = try #require(css.range(of: pattern, options: .regularExpression))
        return String(css[match].split(separator: "#").last?.prefix(6) ?? "")
    }

    /// The WCAG relative luminance of an `rrggbb` colour.
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex, radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func theFocusRingAndControlBordersHaveThreeToOneAgainstTheirBackgrounds() throws {
        let css = try Self.stylesheet()
        let backgrounds = try ["surface", "background", "accent-soft"].map { try Self.colour($0, in: css) }
        for name in ["focus", "control-border"] {
            let colour = try Self.colour(name, in: css)
            for background in backgrounds {
                let ratio = Self.contrast(colour, background)
                #expect(ratio >= 3, "--\(name) #\(colour) on #\(background) is \(ratio):1")
                // The comment states the ratio as computed.
                #expect(css.contains(String(format: "%.2f:1 on", ratio)), "the stylesheet states --\(name)'s ratio on #\(background)")
            }
        }
        // Every text box, select and text area uses that border, and the ring shows on focus.
        #expect(css.contains("border: 1px solid var(--control-border);"))
        #expect(css.contains(":focus-visible {\n  outline: 3px solid var(--focus);"))
    }
}
