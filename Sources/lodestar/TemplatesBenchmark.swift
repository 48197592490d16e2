import Foundation
import Mustache

/// The developer benchmark behind `lodestar templates bench` (run by bench/templates.sh):
/// renders the lead-table and dashboard fixtures many times and prints the median time
/// per render and the output rate.
struct TemplatesBenchmark {
    let directory: String
    let fixtures: String
    let rows: Int
    let iterations: Int
    var outputDirectory: String?

    func run() throws -> Int32 {
        let library: TemplateLibrary
        do {
            let sources = try TemplateLibrary.sources(in: directory) + TemplateLibrary.sources(in: fixtures)
            library = try TemplateLibrary(sources: sources)
        } catch {
            throw CommandError(error.description, status: 1)
        }
        let layout = Self.layoutModel()
        print("templates bench: \(iterations) renders each, median per render (release build expected)")
        try measure(library, "leads", "lead table, \(rows) rows x 8 columns", [layout, Self.leadsPage(rows: rows)])
        try measure(library, "dashboard", "dashboard page", [layout, Self.dashboardPage()])
        return 0
    }

    private func measure(_ library: TemplateLibrary, _ name: String, _ label: String, _ contexts: [MustacheValue]) throws {
        let clock = ContinuousClock()
        var durations: [Duration] = []
        durations.reserveCapacity(iterations)
        var cpuTimes: [Double] = []
        cpuTimes.reserveCapacity(iterations)
        var bytes = 0
        for _ in 0..<max(iterations / 10, 3) {
            bytes = try library.renderBytes(name, contexts: contexts).count
        }
        for _ in 0..<iterations {
            let cpuStart = ThreadCPUTime.seconds()
            let start = clock.now
            let output = try library.renderBytes(name, contexts: contexts)
            durations.append(clock.now - start)
            cpuTimes.append(ThreadCPUTime.seconds() - cpuStart)
            bytes = output.count
        }
        if let outputDirectory {
            let html = try library.renderBytes(name, contexts: contexts)
            let path = outputDirectory + "/\(name).html"
            guard FileManager.default.createFile(atPath: path, contents: Data(html)) else {
                throw CommandError("cannot write \(path)", status: 1)
            }
        }
        durations.sort()
        cpuTimes.sort()
        let median = durations[durations.count / 2]
        let seconds = Double(median.components.seconds) + Double(median.components.attoseconds) / 1e18
        let cpuSeconds = cpuTimes[cpuTimes.count / 2]
        print(String(
            format: "%@: %d bytes per render\n  wall  median %.3f ms  %7.1f MB/s   (min %.3f ms, p90 %.3f ms)\n  cpu   median %.3f ms  %7.1f MB/s   (thread CPU time; excludes waiting for a core)",
            label as NSString,
            bytes,
            seconds * 1000,
            Double(bytes) / seconds / 1_000_000,
            Self.milliseconds(durations[0]),
            Self.milliseconds(durations[durations.count * 9 / 10]),
            cpuSeconds * 1000,
            Double(bytes) / max(cpuSeconds, 1e-9) / 1_000_000
        ))
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    // MARK: - Data

    static func layoutModel() -> MustacheValue {
        [
            "siteName": "Lodestar",
            "assetVersion": "3f9a1c",
            "csrfToken": "q8LbX1v0Zr4tGm2PnY7kWc9dHs5eJa3f",
            "user": ["name": "Ada O'Connor", "email": "ada@example.com"],
            "organization": ["name": "Northwind & Partners"],
            "section": ["dashboard": true],
            "flash": [
                ["kind": "success", "message": "Campaign “Spring <launch>” is now active.", "isError": false],
            ],
        ]
    }

    static let statuses: [(key: String, label: String)] = [
        ("new", "New"), ("contacted", "Contacted"), ("qualified", "Qualified"),
        ("converted", "Converted"), ("disqualified", "Disqualified"),
    ]

    static func lead(_ index: Int) -> MustacheValue {
        let status = statuses[index % statuses.count]
        let day = 1 + index % 28
        return [
            "id": .int(10_000 + index),
            "name": .string(index % 3 == 0 ? "Seán O'Brien & Co <\(index)>" : "Maria \"Mia\" Lopez \(index)"),
            "email": .string("lead\(index)+promo@example.com"),
            "company": .string(index % 2 == 0 ? "Smith & Wesson <Ltd>" : "Acme 'Widgets' GmbH"),
            "campaign": .string("Spring launch \(index % 7) — <webinar>"),
            "status": .string(status.key),
            "statusLabel": .string(status.label),
            "score": .int((index * 37) % 100),
            "receivedAt": .string("2026-11-\(day < 10 ? "0" : "")\(day)T09:30:00Z"),
            "receivedLabel": .string("\(day) Nov 2026"),
            "owner": .string(index % 4 == 0 ? "Unassigned" : "Jo & Sam"),
        ]
    }

    static func leadsPage(rows: Int) -> MustacheValue {
        [
            "section": ["leads": true],
            "leads": .list((0..<rows).map(lead)),
            "pagination": ["page": 2, "pageCount": 14, "previousURL": "/app/leads?page=1", "nextURL": "/app/leads?page=3"],
        ]
    }

    static func dashboardPage() -> MustacheValue {
        [
            "figures": [
                ["label": "Emails sent", "value": "48,210", "change": "+12% vs. previous 30 days"],
                ["label": "Open rate", "value": "41.3%", "change": "+2.1 pts"],
                ["label": "Click rate", "value": "6.8%", "change": "−0.4 pts", "down": true],
                ["label": "New leads", "value": "1,284", "change": "+18%"],
            ],
            "recentLeads": .list((0..<8).map(lead)),
            "pagination": ["page": 1, "pageCount": 3, "nextURL": "/app?page=2"],
            "form": [
                "fields": [
                    ["id": "contact-name", "name": "name", "label": "Full name", "required": true, "value": "Grace <Hopper>", "autocomplete": "name"],
                    ["id": "contact-email", "name": "email", "label": "Email", "type": "email", "required": true, "value": "grace@", "error": "Enter an email address like name@example.com."],
                    ["id": "contact-phone", "name": "phone", "label": "Phone", "type": "tel", "help": "Include the country code, e.g. +44."],
                    ["id": "contact-source", "name": "source", "label": "Source", "isSelect": true, "options": [
                        ["value": "web", "label": "Website form", "selected": false],
                        ["value": "event", "label": "Event", "selected": true],
                        ["value": "referral", "label": "Referral", "selected": false],
                    ]],
                    ["id": "contact-notes", "name": "notes", "label": "Notes", "isTextarea": true, "rows": 3, "value": ""],
                    ["id": "contact-consent", "name": "consent", "label": "Agreed to receive marketing email", "isCheckbox": true, "checked": true],
                ],
            ],
            "empty": [
                "title": "Nothing due today",
                "message": "Tasks you or your team create for a lead will show up here.",
                "actionURL": "/app/leads",
                "actionLabel": "Go to leads",
            ],
        ]
    }
}
