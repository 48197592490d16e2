import Testing
@testable import Lodestar

@Suite struct LeadAnswersTests {
    @Test func answersAreLabelledInFormOrderThenUnknownKeysByKey() {
        let answers = LeadAnswers(json: #"{"zeta": "z", "email": "a@b.c", "topics": ["SEO", "Ads"], "alpha": 3}"#)
        let definition = FormDefinition(title: "T", fields: [
            Lodestar.FormField(key: "topics", type: .checkbox, label: "Topics", options: ["SEO", "Ads"]),
            Lodestar.FormField(key: "email", type: .email, label: "Email address"),
            Lodestar.FormField(key: "phone", type: .tel, label: "Phone"),
        ])
        let labeled = answers.labeled(by: definition)
        #expect(labeled.map(\.label) == ["Topics", "Email address", "alpha", "zeta"])
        #expect(labeled.map(\.defined) == [true, true, false, false])
        #expect(labeled[0].value == .list(["SEO", "Ads"]))
        #expect(labeled[0].value.joined == "SEO, Ads")
        #expect(labeled[2].value.joined == "3")
        #expect(answers.labeled(by: nil).map(\.label) == ["alpha", "email", "topics", "zeta"])
    }

    @Test func theAnswersNotInAListOfKeysBecomeOneJSONObject() {
        let answers = LeadAnswers(json: #"{"a": "1", "b": ["x", "y"], "c": "3"}"#)
        #expect(answers.json(excluding: ["c"]) == #"{"a":"1","b":["x","y"]}"#)
        #expect(answers.json(excluding: ["a", "b", "c"]) == "")
        #expect(LeadAnswers(json: "not json").values.isEmpty)
        #expect(LeadAnswers(json: "[1]").values.isEmpty)
    }
}
