import Foundation

/// What a person does with form controls and what a test reads back from the page: choose
/// an option, empty a box, read a control's live value, run a line of script, and the
/// window's size and the page's HTTP status.
extension WebDriverSession.Element {
    /// The element as a script argument (`arguments[i]` in `execute`).
    var reference: [String: Any] { [WebDriverSession.elementKey: id] }

    /// Empties a text box or textarea (as selecting all and deleting would).
    func clear() throws {
        _ = try session.command("POST", "/element/\(id)/clear", [:])
    }

    /// A DOM property as the browser has it now (`value` is what is typed, `checked` a box's state).
    func property(_ name: String) throws -> Any? {
        try session.command("GET", "/element/\(id)/property/\(name)", nil)
    }

    /// The control's current value (the `value` property, not the HTML attribute).
    var value: String {
        get throws { try property("value") as? String ?? "" }
    }

    /// Whether a checkbox or radio button is ticked now.
    var isChecked: Bool {
        get throws { try property("checked") as? Bool ?? false }
    }

    /// An HTML attribute as written in the page, or nil when absent.
    func attribute(_ name: String) throws -> String? {
        try session.command("GET", "/element/\(id)/attribute/\(name)", nil) as? String
    }

    /// The first element under this one matching the CSS selector.
    func element(_ selector: String) throws -> WebDriverSession.Element {
        let value = try session.command("POST", "/element/\(id)/element", ["using": "css selector", "value": selector])
        return try session.elementReference(value, selector: selector)
    }

    /// Chooses the option whose visible label is `label` in this `<select>` (a click on it, as a person would).
    func choose(_ label: String) throws {
        let value = try session.command("POST", "/element/\(id)/elements", ["using": "xpath", "value": "./option"])
        for item in value as? [Any] ?? [] {
            let option = try session.elementReference(item, selector: "option")
            if try option.text.trimmingCharacters(in: .whitespaces) == label {
                try option.click()
                return
            }
        }
        throw WebDriverSession.Failure(description: "no option labelled \(label)")
    }
}

extension WebDriverSession {
    /// Every element matching the CSS selector, in document order.
    func elements(_ selector: String) throws -> [Element] {
        let value = try command("POST", "/elements", ["using": "css selector", "value": selector])
        return try (value as? [Any] ?? []).map { try elementReference($0, selector: selector) }
    }

    fileprivate func elementReference(_ value: Any?, selector: String) throws -> Element {
        guard let object = value as? [String: Any], let id = object[Self.elementKey] as? String else {
            throw Failure(description: "no element for \(selector)")
        }
        return Element(session: self, id: id)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result.
    @discardableResult
    func execute(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// The HTTP status of the response that drew the current page (Navigation Timing).
    var responseStatus: Int {
        get throws {
            try execute("return performance.getEntriesByType('navigation')[0].responseStatus;") as? Int ?? 0
        }
    }

    /// The id of the element that has the keyboard focus ("" for none or the body).
    var focusedElementID: String {
        get throws { try execute("return document.activeElement ? document.activeElement.id : '';") as? String ?? "" }
    }

    /// Resizes the browser window (headless: the viewport) to `width` × `height` CSS pixels.
    func setWindowSize(width: Int, height: Int) throws {
        _ = try command("POST", "/window/rect", ["width": width, "height": height])
    }

    /// Two clicks of the left mouse button on `element`, `interval` milliseconds apart, as
    /// an impatient person double-clicks a submit button.
    func doubleClick(_ element: Element, interval: Int = 30) throws {
        let press: [[String: Any]] = [["type": "pointerDown", "button": 0], ["type": "pointerUp", "button": 0]]
        _ = try command("POST", "/actions", [
            "actions": [[
                "type": "pointer", "id": "mouse", "parameters": ["pointerType": "mouse"],
                "actions": [["type": "pointerMove", "origin": element.reference, "x": 0, "y": 0]] + press
                    + [["type": "pause", "duration": interval]] + press,
            ]],
        ])
        _ = try command("DELETE", "/actions", nil)
    }

    /// WebDriver's codes for keys that have no character of their own (for `sendKeys`).
    enum Key {
        static let enter = "\u{E007}"
    }
}
