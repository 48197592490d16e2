import Foundation
import HTTP
import Testing
@testable import Lodestar

/// Field patterns on the public landing page (issue 18, item 3): matched in linear time, one
/// time budget for the whole submission, patterns stored before the linear engine still
/// applied, and refused submissions counted toward the address's limit.
@Suite struct LandingPatternTests {
    private func form(_ fields: [FormField]) -> FormDefinition {
        FormDefinition(title: "Patterns", fields: [FormField(key: "email", type: .email, label: "Email", required: true)] + fields)
    }

    @Test func anAnswerABacktrackingEngineGaveUpOnIsAccepted() throws {
        let world = try LandingWorld()
        // The first alternative makes a backtracking engine try every split of the a's
        // before the second one matches; ICU ran out of time and refused the answer.
        let campaign = try world.campaign(definition: form([
            FormField(key: "code", type: .text, label: "Code", pattern: "(a|aa)*b|a*"),
        ]))
        let response = world.client().post(campaign.path, form: [
            ("email", "ada@example.com"), ("code", String(repeating: "a", count: 80)),
        ])
        #expect(response.status == .seeOther)
        #expect(try world.leads(campaign) == 1)
    }

    /// A pattern stored before the linear engine (a lookahead: saved when the builder took
    /// whatever ICU compiled) still applies, through ICU. Three such patterns that explode
    /// under ICU spend the submission's one budget; the quick pattern after them then gets
    /// no time either. Every such answer is refused as "could not be checked", never as
    /// being in the wrong format.
    @Test func storedPatternsStillApplyWithinOneBudgetForAllFields() throws {
        let world = try LandingWorld(["FORM_VALIDATION_BUDGET_MS": "150"])
        let lookahead = try world.campaign(definition: form([
            FormField(key: "code", type: .text, label: "Code", help: "Letters and at least one digit", pattern: #"(?=.*\d)[a-z0-9]+"#),
        ]))
        let wrong = world.client().post(lookahead.path, form: [("email", "ada@example.com"), ("code", "spring")])
        #expect(wrong.status == .unprocessableContent)
        #expect(wrong.text.contains("Enter the answer in the format asked for: Letters and at least one digit"))
        #expect(world.client().post(lookahead.path, form: [("email", "ada@example.com"), ("code", "spring2026")]).status == .seeOther)
        #expect(try world.leads(lookahead) == 1)

        let slow = #"(?!x)(a|aa)*b"#
        let campaign = try world.campaign(definition: form([
            FormField(key: "first", type: .text, label: "First", pattern: slow),
            FormField(key: "second", type: .text, label: "Second", pattern: slow),
            FormField(key: "third", type: .text, label: "Third", pattern: slow),
            FormField(key: "year", type: .text, label: "Year", help: "Four digits", pattern: #"(?=\d)\d{4}"#),
        ]))
        let answer = String(repeating: "a", count: 60)
        let response = world.client().post(campaign.path, form: [
            ("email", "ada@example.com"), ("first", answer), ("second", answer), ("third", answer), ("year", "2026"),
        ])
        #expect(response.status == .unprocessableContent)
        let unchecked = "This answer could not be checked in time. Make sure it is in the format asked for"
        for key in ["first", "second", "third"] {
            let message = unchecked + ", shorten it if you can, and send the form again."
            #expect(response.text.contains(#"<p class="field__error" id="field-\#(key)-error">\#(message)</p>"#), "\(key)")
        }
        let year = unchecked + " (Four digits), shorten it if you can, and send the form again."
        #expect(response.text.contains(#"<p class="field__error" id="field-year-error">\#(year)</p>"#))
        #expect(!response.text.contains("Enter the answer in the format asked for"))
        #expect(try world.leads(campaign) == 0)
    }

    @Test func refusedSubmissionsCountTowardTheAddressLimit() throws {
        let world = try LandingWorld(["FORM_RATE_LIMIT": "2"])
        let campaign = try world.campaign(definition: form([
            FormField(key: "code", type: .text, label: "Code", pattern: "[A-Z]{2}[0-9]{4}"),
        ]))
        let prospect = world.client()
        for _ in 0..<2 {
            #expect(prospect.post(campaign.path, form: [("email", "ada@example.com"), ("code", "nope")]).status == .unprocessableContent)
        }
        let limited = prospect.post(campaign.path, form: [("email", "ada@example.com"), ("code", "AB1234")])
        #expect(limited.status == .tooManyRequests)
        #expect(limited.headers["Retry-After"] != nil)
        #expect(limited.text.contains(#"value="AB1234""#), "the answers are kept")
        #expect(try world.leads(campaign) == 0)
        // Another address is not affected.
        #expect(world.client().post(campaign.path, form: [("email", "ada@example.com"), ("code", "AB1234")]).status == .seeOther)
    }
}
