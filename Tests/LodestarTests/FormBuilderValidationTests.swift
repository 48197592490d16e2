import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// Every refusal of the form builder: 422, the page re-rendered with what was typed, the
/// message beside the right box, and nothing stored.
@Suite struct FormBuilderValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        /// Changes the starter form (fields "name" (text) and "email").
        let change: @Sendable (inout FormDefinition) -> Void
        /// The message shown, and the id of the box it belongs to (its error paragraph is `<id>-error`).
        let message: String
        let box: String
        /// Typed text the re-rendered page still shows (HTML-escaped as it appears).
        let kept: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "key format", change: { $0.fields[0].key = "Full Name" },
             message: "lowercase letters, digits or underscores", box: "f0-key", kept: #"value="Full Name""#),
        Case(name: "duplicate key", change: { $0.fields[1].key = "name"; $0.fields[1].label = "Second name" },
             message: "already uses the key", box: "f1-key", kept: #"value="Second name""#),
        Case(name: "empty label", change: { $0.fields[1].label = ""; $0.fields[1].help = "Typed help" },
             message: "Give the field a label", box: "f1-label", kept: "Typed help"),
        Case(name: "label too long", change: { $0.fields[0].label = String(repeating: "é", count: 201) },
             message: "200 characters or fewer", box: "f0-label", kept: String(repeating: "é", count: 201)),
        Case(name: "choice without options", change: { $0.fields[0].type = .select; $0.fields[0].maximum = nil },
             message: "List the choices", box: "f0-options", kept: #"value="select" selected"#),
        Case(name: "duplicate options", change: { $0.fields[0].type = .radio; $0.fields[0].maximum = nil; $0.fields[0].options = ["Yes", "No", "Yes"] },
             message: "is listed twice", box: "f0-options", kept: "Yes\nNo\nYes"),
        Case(name: "too many options", change: { $0.fields[0].type = .checkbox; $0.fields[0].maximum = nil; $0.fields[0].options = (1...51).map { "Choice \($0)" } },
             message: "at most 50 choices", box: "f0-options", kept: "Choice 51"),
        Case(name: "length bound not a number", change: { $0.fields[0].maximum = "lots" },
             message: "a length in characters", box: "f0-maximum", kept: #"value="lots""#),
        // The landing page takes at most 2,000 characters in a one-line answer.
        Case(name: "length bound longer than a one-line answer", change: { $0.fields[0].minimum = "2500"; $0.fields[0].maximum = nil },
             message: "at most 2000 characters", box: "f0-minimum", kept: #"value="2500""#),
        Case(name: "number bound not a number", change: { $0.fields[0].type = .number; $0.fields[0].maximum = nil; $0.fields[0].minimum = "ten" },
             message: "Enter a number", box: "f0-minimum", kept: #"value="ten""#),
        Case(name: "date bound not a date", change: { $0.fields[0].type = .date; $0.fields[0].maximum = "2026-02-30" },
             message: "YYYY-MM-DD", box: "f0-maximum", kept: #"value="2026-02-30""#),
        // The landing page reads no year 0: accepted here, the bound would have been ignored there.
        Case(name: "date bound in year 0", change: { $0.fields[0].type = .date; $0.fields[0].maximum = nil; $0.fields[0].minimum = "0000-01-01" },
             message: "YYYY-MM-DD", box: "f0-minimum", kept: #"value="0000-01-01""#),
        Case(name: "minimum above maximum", change: { $0.fields[0].minimum = "300" },
             message: "must not be smaller than the minimum", box: "f0-maximum", kept: #"value="300""#),
        Case(name: "bounds on a choice field", change: { $0.fields[0].type = .select; $0.fields[0].options = ["A"] },
             message: "has no maximum", box: "f0-maximum", kept: #"value="200""#),
        Case(name: "pattern does not compile", change: { $0.fields[0].pattern = "([a-z" },
             message: "At character 2: A character class opened with [ is never closed", box: "f0-pattern", kept: #"value="([a-z""#),
        // Compiles alone, but its comment swallows the `)` of the whole-answer wrapping the
        // landing page uses: accepted, it would have been silently ignored there.
        Case(name: "pattern that only compiles unwrapped", change: { $0.fields[0].pattern = "(?x)[a-z]+ # letters" },
             message: "At character 1: Options like (?x) or (?s) are not supported", box: "f0-pattern", kept: "# letters"),
        Case(name: "pattern with a lookahead", change: { $0.fields[0].pattern = #"(?=.*\d)[a-z0-9]+"# },
             message: "At character 1: Lookaround", box: "f0-pattern", kept: #"(?=.*\d)[a-z0-9]+"#),
        Case(name: "pattern with a count too large", change: { $0.fields[0].pattern = "(x[a-z]{500}){3}" },
             message: "too large once its repetitions are counted out", box: "f0-pattern", kept: "(x[a-z]{500}){3}"),
        Case(name: "pattern on an email field", change: { $0.fields[1].pattern = "[a-z]+@example\\.com" },
             message: "Only text and phone fields can have a pattern", box: "f1-pattern", kept: "[a-z]+@example\\.com"),
        Case(name: "redirect not http", change: { $0.completion = .redirect("javascript:alert(1)") },
             message: "starting with https://", box: "form-redirect-url", kept: "javascript:alert(1)"),
        Case(name: "redirect relative", change: { $0.completion = .redirect("/thanks") },
             message: "starting with https://", box: "form-redirect-url", kept: #"value="/thanks""#),
        Case(name: "redirect with credentials", change: { $0.completion = .redirect("https://ann:secret@example.com/") },
             message: "user name or password", box: "form-redirect-url", kept: "https://ann:secret@example.com/"),
        // Browsers read a backslash as a slash: what the marketer sees is not where people go.
        Case(name: "redirect with a backslash in the path", change: { $0.completion = .redirect(#"https://example.com/\evil.test/thanks"#) },
             message: "backslash", box: "form-redirect-url", kept: "evil.test/thanks"),
        Case(name: "redirect with a backslash before the host", change: { $0.completion = .redirect(#"https:/\evil.test/"#) },
             message: "backslash", box: "form-redirect-url", kept: "evil.test"),
        Case(name: "redirect without a scheme", change: { $0.completion = .redirect("//evil.test/thanks") },
             message: "starting with https://", box: "form-redirect-url", kept: "//evil.test/thanks"),
        Case(name: "redirect to data", change: { $0.completion = .redirect("data:text/html,<script>alert(1)</script>") },
             message: "starting with https://", box: "form-redirect-url", kept: "data:text/html,&lt;script&gt;"),
        Case(name: "redirect with a line break", change: { $0.completion = .redirect("https://example.com/\r\nSet-Cookie: a=b") },
             message: "starting with https://", box: "form-redirect-url", kept: "Set-Cookie: a=b"),
        // A Location header is ASCII; non-ASCII text is percent-encoded as browsers copy it.
        Case(name: "redirect with non-ASCII text", change: { $0.completion = .redirect("https://example.com/café") },
             message: "percent-encoded", box: "form-redirect-url", kept: "example.com/café"),
        Case(name: "empty thank-you message", change: { $0.completion = .message("") },
             message: "Write the thank-you message", box: "form-thank-you", kept: #"value="Your name""#),
        Case(name: "empty title", change: { $0.title = "" },
             message: "Give the form a title", box: "form-title", kept: #"value="Your name""#),
        // PostgreSQL's jsonb cannot hold NUL: without the check these were 500s.
        Case(name: "NUL in a label", change: { $0.fields[0].label = "Your\u{0}name" },
             message: "control character", box: "f0-label", kept: #"value="Email address""#),
        Case(name: "NUL in the title", change: { $0.title = "Spring\u{0}" },
             message: "control character", box: "form-title", kept: #"value="Your name""#),
        Case(name: "NUL in an option", change: { $0.fields[0].type = .select; $0.fields[0].maximum = nil; $0.fields[0].options = ["A\u{0}B", "C"] },
             message: "control character", box: "f0-options", kept: #"value="select" selected"#),
        Case(name: "NUL in the thank-you message", change: { $0.completion = .message("Thanks\u{0}") },
             message: "control character", box: "form-thank-you", kept: #"value="Your name""#),
        Case(name: "escape character in help text", change: { $0.fields[1].help = "We reply \u{1B}[31mfast" },
             message: "control character", box: "f1-help", kept: #"value="Your name""#),
        Case(name: "NUL in a pattern", change: { $0.fields[0].pattern = "[a-z]\u{0}" },
             message: "control character", box: "f0-pattern", kept: #"value="Your name""#),
        Case(name: "too many fields", change: { definition in
                 definition.fields += (1...50).map { FormField(key: "q\($0)", type: .text, label: "Question \($0)") }
             },
             message: "at most 50 fields", box: "builder-problems", kept: #"value="Question 50""#),
    ]

    @Test(arguments: cases) func aBadDefinitionIsRefusedWithTheMessageBesideItsBox(_ check: Case) throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let stored = try #require(try world.draft())
        var definition = stored
        check.change(&definition)
        for suffix in ["", "/publish"] {
            let response = world.post(definition, action: suffix.isEmpty ? "save" : nil, to: suffix)
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains(check.kept), "typed value kept")
            #expect(html.contains("Nothing was saved: 1 thing needs fixing"))
            if check.box == "builder-problems" {
                #expect(html.contains(check.message))
            } else {
                let error = try #require(html.range(of: #"id="\#(check.box)-error">"#), "error beside \(check.box)")
                #expect(html[error.upperBound...].prefix(300).contains(check.message))
                #expect(html.contains(#"aria-describedby="\#(check.box)-help \#(check.box)-error""#)
                    || html.contains(#"aria-describedby="\#(check.box)-error""#))
            }
        }
        #expect(try world.draft() == stored)
        #expect(try world.versions().isEmpty)
    }

    @Test func addingAFieldWithoutALabelIsRefusedBesideTheAddBox() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        let stored = try #require(try world.draft())
        var typed = stored
        typed.title = "Typed but not saved"
        let response = world.post(typed, action: "add", extra: [("new_type", "consent"), ("new_label", "   ")])
        #expect(response.status == .unprocessableContent)
        #expect(response.text.contains(#"id="new-label-error">Give the new field a label."#))
        #expect(response.text.contains(#"value="Typed but not saved""#))
        #expect(response.text.contains(#"<option value="consent" selected>"#))
        #expect(try world.draft() == stored)
    }

    @Test func aValidRedirectAndBoundsAreAccepted() {
        var definition = FormDefinition.starter(title: "Fine")
        definition.completion = .redirect("https://example.com/thanks?from=form#top")
        definition.fields.append(FormField(key: "when", type: .date, label: "When", minimum: "2024-02-29", maximum: "2024-03-01"))
        definition.fields.append(FormField(key: "size", type: .number, label: "Size", minimum: "-2.5", maximum: "10"))
        definition.fields.append(FormField(key: "code", type: .tel, label: "Code", pattern: #"\+?[0-9 ]{6,20}"#))
        definition.fields.append(FormField(key: "story", type: .textarea, label: "Story", minimum: "2500", maximum: "10000"))
        #expect(FormDefinitionValidator.validate(definition, forPublish: true).isEmpty)
        #expect(FormDefinitionValidator.validate(definition).warnings.isEmpty)
        #expect(FormDefinitionValidator.redirectProblem("https://example.com/caf%C3%A9?next=a%5Cb") == nil)
        #expect(FormDefinitionValidator.redirectProblem("HTTP://EXAMPLE.COM:8080/") == nil)
    }

    @Test func keysAreMadeFromLabels() {
        #expect(FieldKey.generate(from: "Company size (people)", taken: []) == "company_size_people")
        #expect(FieldKey.generate(from: "Één café", taken: []) == "een_cafe")
        #expect(FieldKey.generate(from: "2nd phone", taken: []) == "field_2nd_phone")
        #expect(FieldKey.generate(from: "你好", taken: []) == "field")
        #expect(FieldKey.generate(from: "Email", taken: ["email", "email_2"]) == "email_3")
        let long = FieldKey.generate(from: String(repeating: "word ", count: 20), taken: [])
        #expect(FormDefinitionValidator.isValidKey(long))
        #expect(FormDefinitionValidator.isValidKey("field_" + long.prefix(30) + "_50"))
    }

    /// A pattern saved before the builder took only what the linear engine compiles is
    /// pointed out when the builder opens, with the engine's message (issue 18, item 3).
    @Test func aPatternSavedBeforeTheLinearEngineIsPointedOutOnOpening() throws {
        let world = try FormBuilderWorld()
        world.browser.get(world.path)
        var draft = try #require(try world.draft())
        draft.fields[0].pattern = #"(?=.*\d)\w+"#
        try world.world.pool.execute(
            """
            UPDATE forms SET draft = \(try JSONDocument(encoding: draft))
            WHERE organization_id = \(world.organizationID) AND campaign_id = \(world.campaignID)
            """)
        let page = world.browser.get(world.path)
        #expect(page.status == .ok)
        #expect(page.text.contains("The pattern of “Your name” was saved when the builder accepted more than it does now. At character 1: Lookaround"))
        #expect(!page.text.contains("Nothing was saved"))
    }
}
