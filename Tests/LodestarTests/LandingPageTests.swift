import Mustache
import Testing
@testable import Lodestar

/// The landing page's renderer on its own (no database): accessibility wiring, values
/// kept, errors beside fields, escaping, the honeypot and the preview.
@Suite struct LandingPageTests {
    static let definition = FormDefinition(
        title: "Spring <webinar>",
        introduction: "Join us.\n\nIt is free & short.",
        submitLabel: "Register",
        fields: [
            FormField(key: "name", type: .text, label: "Your name", help: "As on your badge", maximum: "80"),
            FormField(key: "email", type: .email, label: "Email", required: true),
            FormField(key: "size", type: .select, label: "Team size", options: ["1-10", "11-50"]),
            FormField(key: "plan", type: .radio, label: "Plan", required: true, options: ["Free", "Pro"]),
            FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Email"]),
            FormField(key: "agree", type: .consent, label: "I agree to be contacted", required: true),
            FormField(key: "age", type: .number, label: "Age", minimum: "18", maximum: "120"),
            FormField(key: "notes", type: .textarea, label: "Notes"),
        ]
    )

    private func render(values: [String: [String]] = [:], errors: [String: String] = [:], action: String? = "/f/spring") throws -> String {
        let library = try TemplateLibrary(directory: TestPaths.templates)
        let page = LandingPage(definition: Self.definition, values: values, errors: errors, action: action, assetVersion: "v1")
        return String(decoding: try page.renderPage(library), as: UTF8.self)
    }

    @Test func everyControlHasALabelAndRequiredIsSaidInText() throws {
        let html = try render()
        for id in ["field-name", "field-email", "field-size", "field-plan-1", "field-plan-2", "field-topics-1", "field-agree", "field-age", "field-notes"] {
            #expect(html.contains(#"id="\#(id)""#), "control \(id)")
            #expect(html.contains(#"<label"#) && html.contains(#"for="\#(id)""#), "label for \(id)")
        }
        #expect(html.contains(#"Email <span class="landing__required">(required)</span>"#))
        #expect(html.contains(#"<form id="landing-form" class="landing__form" method="post" action="/f/spring""#))
        #expect(html.contains(#"aria-describedby="field-name-help""#))
        #expect(html.contains(#"maxlength="80""#))
        #expect(html.contains(#"min="18""#) && html.contains(#"max="120""#))
    }

    @Test func groupsAreFieldsetsWithLegends() throws {
        let html = try render()
        #expect(html.contains("<legend class=\"field__label\">Plan <span class=\"landing__required\">(required)</span></legend>"))
        #expect(html.contains("<legend class=\"field__label\">Topics</legend>"))
        #expect(html.contains(#"type="radio" id="field-plan-2" name="plan" value="Pro""#))
        #expect(html.contains(#"type="checkbox" id="field-topics-2" name="topics" value="Email""#))
    }

    @Test func typedValuesAreShownAgainAndEscaped() throws {
        let html = try render(values: [
            "name": [#"<script>alert("x")</script>"#], "size": ["11-50"], "plan": ["Pro"], "topics": ["SEO", "Email"],
            "agree": ["yes"], "notes": ["a & b"],
        ])
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("value=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\""))
        #expect(html.contains(#"<option value="11-50" selected>"#))
        #expect(html.contains(#"value="Pro" checked"#))
        #expect(html.contains(#"value="SEO" checked"#) && html.contains(#"value="Email" checked"#))
        #expect(html.contains(#"name="agree" value="yes" checked"#))
        #expect(html.contains(">a &amp; b</textarea>"))
        #expect(html.contains("<title>Spring &lt;webinar&gt;</title>"))
        #expect(html.contains("<p class=\"landing__intro\">It is free &amp; short.</p>"))
    }

    @Test func theErrorSummaryDoesNotPutAColonAfterALabelsOwnPunctuation() {
        #expect(LandingPage.summaryLabel("Company") == "Company:")
        #expect(LandingPage.summaryLabel("How large is your team?") == "How large is your team?")
        #expect(LandingPage.summaryLabel("I agree to be contacted.") == "I agree to be contacted.")
        #expect(LandingPage.summaryLabel("Phone (optional) ") == "Phone (optional):")
    }

    @Test func errorsSitBesideTheirFieldsAndInASummary() throws {
        let html = try render(errors: ["email": "Enter an email address.", "plan": "Choose a plan."])
        #expect(html.contains("<title>Error: Spring &lt;webinar&gt;</title>"))
        #expect(html.contains("There are problems with 2 answers"))
        #expect(html.contains(##"<a href="#field-email">Email: Enter an email address.</a>"##))
        #expect(html.contains(##"<a href="#field-plan-1">Plan: Choose a plan.</a>"##))
        #expect(html.contains(#"<p class="field__error" id="field-email-error">Enter an email address.</p>"#))
        #expect(html.contains(#"aria-invalid="true" aria-describedby="field-email-error""#))
        #expect(html.contains(#"<fieldset class="field landing__group field--invalid" aria-describedby="field-plan-error">"#))
        #expect(!html.contains(#"id="field-name-error""#))
    }

    @Test func theHoneypotIsHiddenFromPeople() throws {
        let html = try render()
        #expect(html.contains(#"<div class="landing__trap" aria-hidden="true">"#))
        #expect(html.contains(#"name="website-url" value="" tabindex="-1" autocomplete="off""#))
    }

    @Test func thePreviewPartialHasADisabledButtonAndNoAction() throws {
        let library = try TemplateLibrary(directory: TestPaths.templates)
        let html = try LandingPage(definition: Self.definition).renderForm(library)
        #expect(!html.contains("<html"))
        #expect(!html.contains("action="))
        #expect(html.contains(#"<button class="button landing__submit" type="submit" disabled>Register</button>"#))
    }
}
