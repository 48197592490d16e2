import Foundation
import HTTP
import Testing
import Web
@testable import Lodestar

/// What a prospect sees when a submission is refused: 422 with every value kept and each
/// error beside its field, the spam defences, and the size limit. Nothing is stored.
@Suite struct LandingRefusalTests {
    static let definition = FormDefinition(title: "Every rule", fields: [
        FormField(key: "name", type: .text, label: "Name", required: true, minimum: "2", maximum: "20"),
        FormField(key: "email", type: .email, label: "Email", required: true),
        FormField(key: "phone", type: .tel, label: "Phone"),
        FormField(key: "seats", type: .number, label: "Seats", minimum: "1", maximum: "10"),
        FormField(key: "day", type: .date, label: "Day", minimum: "2025-01-01", maximum: "2030-12-31"),
        FormField(key: "code", type: .text, label: "Code", help: "Two letters and four digits", pattern: "[A-Z]{2}[0-9]{4}"),
        FormField(key: "size", type: .select, label: "Team size", options: ["Small", "Large"]),
        FormField(key: "plan", type: .radio, label: "Plan", required: true, options: ["Free", "Pro"]),
        FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Ads"]),
        FormField(key: "agree", type: .consent, label: "I agree", required: true),
        FormField(key: "notes", type: .textarea, label: "Notes", maximum: "30"),
    ])

    static let valid: [(String, String)] = [
        ("name", "Ada"), ("email", "ada@example.com"), ("phone", "+44 (0)20 7946-0000"), ("seats", "3"),
        ("day", "2026-05-01"), ("code", "AB1234"), ("size", "Small"), ("plan", "Pro"), ("topics", "SEO"),
        ("agree", "yes"), ("notes", "See you"),
    ]

    /// The valid answers with `changes` applied (an empty value removes the field).
    static func answers(_ changes: [String: String]) -> [(String, String)] {
        valid.compactMap { name, value in
            guard let changed = changes[name] else { return (name, value) }
            return changed.isEmpty ? nil : (name, changed)
        }
    }

    @Test(arguments: [
        ("name", "", "Enter an answer."),
        ("name", "A", "Use at least 2 characters."),
        ("name", String(repeating: "x", count: 21), "Use at most 20 characters."),
        ("email", "", "Enter an answer."),
        ("email", "ada@", "Enter an email address like name@example.com."),
        ("email", "ada example@x.com", "Enter an email address like name@example.com."),
        ("phone", "call me", "Enter a phone number using digits, spaces and + - ( ) only."),
        ("seats", "three", "Enter a number, like 42 or 3.5."),
        ("seats", "0", "Enter a number of at least 1."),
        ("seats", "11", "Enter a number of at most 10."),
        ("day", "01/05/2026", "Enter a real date as YYYY-MM-DD, like 2025-03-31."),
        ("day", "2026-02-30", "Enter a real date as YYYY-MM-DD, like 2025-03-31."),
        ("day", "2024-12-31", "Enter a date on or after 2025-01-01."),
        ("day", "2031-01-01", "Enter a date on or before 2030-12-31."),
        ("code", "AB12345", "Enter the answer in the format asked for: Two letters and four digits"),
        ("size", "Huge", "Choose from the options offered."),
        ("plan", "", "Choose an option."),
        ("plan", "Gold", "Choose from the options offered."),
        ("topics", "Cooking", "Choose from the options offered."),
        ("agree", "", "Tick this box to continue."),
        ("notes", String(repeating: "n", count: 31), "Use at most 30 characters."),
    ])
    func eachRuleRefusesWithTheErrorBesideItsFieldAndKeepsTheValues(field: String, value: String, message: String) throws {
        let world = try LandingWorld()
        let campaign = try world.campaign(definition: Self.definition)
        let response = world.client().post(campaign.path, form: Self.answers([field: value]))
        #expect(response.status == .unprocessableContent)
        let html = response.text
        let control = ["plan": "field-plan-1", "topics": "field-topics-1"][field] ?? "field-\(field)"
        #expect(html.contains("<p class=\"field__error\" id=\"field-\(field)-error\">\(message.htmlEscaped)</p>"))
        #expect(html.contains("<a href=\"#\(control)\">"))
        #expect(html.components(separatedBy: "class=\"field__error\"").count == 2, "only the refused field has an error")
        // Every other answer is shown again.
        #expect(html.contains(#"value="ada@example.com""#) || field == "email")
        #expect(html.contains(#"value="AB1234""#) || field == "code")
        #expect(html.contains(#"value="Pro" checked"#) || field == "plan")
        #expect(html.contains(#"value="SEO" checked"#) || field == "topics")
        #expect(html.contains(">See you</textarea>") || field == "notes")
        #expect(try world.leads(campaign) == 0)
    }

    @Test func theValidAnswersAreAccepted() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign(definition: Self.definition)
        #expect(world.client().post(campaign.path, form: Self.valid).status == .seeOther)
        #expect(try world.leads(campaign) == 1)
    }

    @Test func scriptTextIsShownEscapedInTheRefusal() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let response = world.client().post(campaign.path, form: [("name", #"<script>alert("x")</script>"#), ("email", "<img src=x onerror=alert(1)>")])
        #expect(response.status == .unprocessableContent)
        #expect(!response.text.contains("<script>alert"))
        #expect(!response.text.contains("<img src=x"))
        #expect(response.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(response.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func aFilledHoneypotIsThankedAndNothingIsStored() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let (post, response) = world.submit(campaign, form: [("email", "bot@example.com"), (LandingPage.honeypotName, "http://spam.example")])
        #expect(post.status == .seeOther)
        #expect(response.text.contains("Thank you"))
        #expect(try world.leads(campaign) == 0)
        #expect(try world.events(campaign, kind: "form_submit") == 0)
        // An empty honeypot (what browsers send) is fine.
        #expect(world.client().post(campaign.path, form: [("email", "person@example.com"), (LandingPage.honeypotName, "")]).status == .seeOther)
        #expect(try world.leads(campaign) == 1)
    }

    @Test func tooManySubmissionsFromOneAddressGet429WithTheValuesKept() throws {
        let world = try LandingWorld(["FORM_RATE_LIMIT": "2"])
        let campaign = try world.campaign()
        let client = world.client(remoteAddress: "198.51.100.9")
        #expect(client.post(campaign.path, form: [("email", "one@example.com")]).status == .seeOther)
        #expect(client.post(campaign.path, form: [("email", "two@example.com")]).status == .seeOther)
        let refused = client.post(campaign.path, form: [("name", "Third"), ("email", "three@example.com")])
        #expect(refused.status == .tooManyRequests)
        #expect(Int(refused.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(refused.text.contains("Please wait"))
        #expect(refused.text.contains(#"value="three@example.com""#) && refused.text.contains(#"value="Third""#))
        #expect(try world.leads(campaign) == 2)
        // Another address is not affected.
        #expect(world.client(remoteAddress: "198.51.100.10").post(campaign.path, form: [("email", "four@example.com")]).status == .seeOther)
    }

    @Test func anOversizedBodyGetsA413Page() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let response = world.client().post(campaign.path, form: [("email", "big@example.com"), ("name", String(repeating: "x", count: 100_000))])
        #expect(response.status == .contentTooLarge)
        #expect(response.text.contains("Your answers are too long to send"))
        #expect(response.text.contains(#"href="\#(campaign.path)""#))
        #expect(try world.leads(campaign) == 0)
    }
}

extension String {
    /// The text as the templates escape it (enough for the messages tested here).
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
