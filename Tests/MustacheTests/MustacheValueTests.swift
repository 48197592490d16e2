import Mustache
import Testing

@Suite struct MustacheValueTests {
    @Test func parsesJSONIntoValues() throws {
        let value = try MustacheValue(json: #"{"name": "Ada \u00e9\ud83d\ude80", "n": 3, "x": 1.5, "ok": true, "none": null, "list": [1, "two"]}"#)
        #expect(value["name"] == .string("Ada é🚀"))
        #expect(value["n"] == .int(3))
        #expect(value["x"] == .double(1.5))
        #expect(value["ok"] == .bool(true))
        #expect(value["none"] == .null)
        #expect(value["list"] == .list([.int(1), .string("two")]))
    }

    @Test func jsonErrorsCarryLineAndColumn() {
        #expect(throws: JSONParseError.self) { try MustacheValue(json: "{\"a\": }") }
        do {
            _ = try MustacheValue(json: "{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 8)
            #expect(error.description == "2:8: expected 'true'")
        }
        #expect(throws: JSONParseError.self) { try MustacheValue(json: "[1] 2") }
        #expect(throws: JSONParseError.self) { try MustacheValue(json: "\"unterminated") }
    }

    @Test func falseyValuesFollowTheDocumentedRules() throws {
        let template = try Template("{{#v}}yes{{/v}}{{^v}}no{{/v}}")
        let cases: [(MustacheValue, String)] = [
            (.null, "no"), (false, "no"), ([], "no"), ("", "no"),
            (true, "yes"), (0, "yes"), ("0", "yes"), (.object([:]), "yes"), ([1], "yes"),
        ]
        for (value, expected) in cases {
            #expect(try template.render(["v": value]) == expected, "\(value)")
        }
    }

    @Test func viewModelsConvertWithoutEncoding() throws {
        struct Lead: MustacheContextConvertible {
            let id: Int64
            let name: String
            let email: String?
            var mustacheValue: MustacheValue {
                ["id": id.mustacheValue, "name": .string(name), "email": email.mustacheValue]
            }
        }
        let leads = [Lead(id: 7, name: "Ada", email: nil), Lead(id: 8, name: "Bo <b>", email: "bo@example.com")]
        let template = try Template("{{#leads}}{{id}}:{{name}}:{{^email}}-{{/email}}{{email}};{{/leads}}")
        #expect(try template.render(["leads": leads.mustacheValue]) == "7:Ada:-;8:Bo &lt;b&gt;:bo@example.com;")
    }

    @Test func objectsKeepOrderAndLastValueWins() {
        var object: MustacheObject = ["b": 1, "a": 2, "b": 3]
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .int(3))
        object["c"] = "x"
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
    }

    @Test func largeObjectsUseAnIndexAndStillFindEveryField() throws {
        var fields: [(String, MustacheValue)] = []
        for index in 0..<200 { fields.append(("field\(index)", .int(index))) }
        let object = MustacheObject(fields)
        #expect(object["field0"] == .int(0))
        #expect(object["field199"] == .int(199))
        #expect(object["missing"] == nil)
        let template = try Template("{{field150}}")
        #expect(try template.render(.object(object)) == "150")
    }

    @Test func mergingAddsAndOverridesFields() {
        let merged = MustacheValue(["a": 1, "b": 2]).merging(["b": 3, "c": 4])
        #expect(merged["a"] == .int(1))
        #expect(merged["b"] == .int(3))
        #expect(merged["c"] == .int(4))
    }
}

private extension MustacheValue {
    init(_ value: MustacheValue) { self = value }
}
