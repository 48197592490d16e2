import Mustache
import Testing

@Suite struct TemplateParseErrorTests {
    private func parseError(_ source: String, file: String = "page.mustache") -> TemplateParseError? {
        do {
            _ = try Template(source, name: "page", file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func unclosedSectionNamesWhereItOpened() throws {
        let error = try #require(parseError("<ul>\n  <li>\n    {{#items}}\n{{name}}\n"))
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.description == "page.mustache:3:5: unclosed section 'items' opened at 3:5")
    }

    @Test func unclosedTagSaysWhatWasExpected() throws {
        let error = try #require(parseError("Hello\n  {{name"))
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.message == "expected '}}' to close the tag")
    }

    @Test func unclosedTripleMustacheExpectsThreeBraces() throws {
        let error = try #require(parseError("{{{name}}"))
        #expect(error.message == "expected '}}}' to close the tag")
    }

    @Test func mismatchedCloseReportsBothNames() throws {
        let error = try #require(parseError("{{#a}}\n{{#b}}\n{{/a}}"))
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.message == "expected '/b' to close the section opened at 2:1, found '/a'")
    }

    @Test func closeWithoutOpen() throws {
        let error = try #require(parseError("text {{/items}}"))
        #expect(error.description == "page.mustache:1:6: closing tag 'items' has no open section")
    }

    @Test func unclosedParentAndBlock() throws {
        #expect(parseError("{{<layout}}{{$content}}x{{/content}}")?.message == "unclosed parent 'layout' opened at 1:1")
        #expect(parseError("{{$content}}x")?.message == "unclosed block 'content' opened at 1:1")
    }

    @Test func invalidNamesAndDelimiters() throws {
        #expect(parseError("{{}}")?.message == "expected a name in the tag")
        #expect(parseError("{{first name}}")?.message == "invalid name 'first name'")
        #expect(parseError("{{a..b}}")?.message == "invalid name 'a..b'")
        #expect(parseError("{{=<% =}}")?.message.hasPrefix("expected two delimiters") == true)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(parseError("Zoë {{#x}}"))
        #expect(error.line == 1)
        #expect(error.column == 5)
    }

    @Test func absurdNestingIsAnErrorNotACrash() throws {
        let depth = 10_000
        let source = String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        let error = try #require(parseError(source))
        #expect(error.message == "sections nested deeper than \(Template.defaultMaximumNesting) levels")
        #expect(error.line == 1)
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = Template.defaultMaximumNesting
        let source = String(repeating: "{{#a}}", count: depth) + "x" + String(repeating: "{{/a}}", count: depth)
        let template = try Template(source)
        #expect(try template.render(["a": true]) == "x")
    }
}
