import Foundation

/// A minimal W3C WebDriver client (JSON over HTTP) for browser tests: one session of
/// headless Chromium through chromedriver.
///
/// ```swift
/// let driver = try ChromeDriver.start()
/// let browser = try driver.newSession()
/// try browser.navigate(to: "http://127.0.0.1:\(port)/login")
/// try browser.element("input[name=email]").sendKeys("ada@example.com")
/// ```
final class WebDriverSession: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// An element reference from the session.
    struct Element: Sendable {
        let session: WebDriverSession
        let id: String

        func sendKeys(_ text: String) throws {
            _ = try session.command("POST", "/element/\(id)/value", ["text": text])
        }

        func click() throws {
            _ = try session.command("POST", "/element/\(id)/click", [:])
        }

        var text: String {
            get throws { try session.command("GET", "/element/\(id)/text", nil) as? String ?? "" }
        }
    }

    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"
    let endpoint: URL
    let id: String

    /// Opens a session on the chromedriver at `endpoint` with headless Chromium. Chromium
    /// refuses to run as root inside its sandbox, hence `--no-sandbox`.
    init(endpoint: URL) throws {
        self.endpoint = endpoint
        var options: [String: Any] = [
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"],
        ]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
            options["binary"] = "/usr/bin/chromium"
        }
        let body: [String: Any] = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]]
        let value = try Self.send(endpoint.appendingPathComponent("session"), method: "POST", body: body, timeout: 60)
        guard let object = value as? [String: Any], let id = object["sessionId"] as? String else {
            throw Failure(description: "chromedriver did not open a session: \(String(describing: value))")
        }
        self.id = id
        // Finding an element waits up to this long for it to appear (page loads, redirects).
        _ = try command("POST", "/timeouts", ["implicit": 5000, "pageLoad": 20000])
    }

    func navigate(to url: String) throws {
        _ = try command("POST", "/url", ["url": url])
    }

    var currentURL: String {
        get throws { try command("GET", "/url", nil) as? String ?? "" }
    }

    /// The first element matching the CSS selector (waiting up to the implicit timeout).
    func element(_ selector: String) throws -> Element {
        let value = try command("POST", "/element", ["using": "css selector", "value": selector])
        guard let object = value as? [String: Any], let id = object[Self.elementKey] as? String else {
            throw Failure(description: "no element for \(selector)")
        }
        return Element(session: self, id: id)
    }

    /// How many elements match the selector now (no waiting beyond the implicit timeout).
    func count(_ selector: String) throws -> Int {
        (try command("POST", "/elements", ["using": "css selector", "value": selector]) as? [Any])?.count ?? 0
    }

    /// The HTML of the current page, as the browser has it now.
    var pageSource: String {
        get throws { try command("GET", "/source", nil) as? String ?? "" }
    }

    /// The text of the whole page body.
    var pageText: String {
        get throws { try element("body").text }
    }

    /// Waits until the current URL satisfies `condition` (navigation after a click can
    /// still be running when the click returns).
    func waitForURL(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var url = try currentURL
        while !condition(url) {
            guard ContinuousClock.now < deadline else { throw Failure(description: "still at \(url)") }
            Thread.sleep(forTimeInterval: 0.05)
            url = try currentURL
        }
        return url
    }

    /// Ends the session, closing the browser.
    func delete() {
        _ = try? Self.send(endpoint.appendingPathComponent("session/\(id)"), method: "DELETE", body: nil, timeout: 30)
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        try Self.send(endpoint.appendingPathComponent("session/\(id)" + path), method: method, body: body, timeout: 60)
    }

    /// One WebDriver request; returns the answer's `value`, throwing WebDriver errors.
    static func send(_ url: URL, method: String, body: [String: Any]?, timeout: Int) throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let reply = try LoopbackHTTP.request(method, url.absoluteString, json: data ?? (method == "POST" ? Data("{}".utf8) : nil), timeout: timeout)
        let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        let value = object?["value"]
        if reply.status != 200 {
            let detail = (value as? [String: Any]).map { "\($0["error"] ?? ""): \($0["message"] ?? "")" } ?? reply.body
            throw Failure(description: "\(method) \(url.path) answered \(reply.status): \(detail)")
        }
        return value is NSNull ? nil : value
    }
}
