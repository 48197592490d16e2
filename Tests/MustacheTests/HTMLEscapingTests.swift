import Mustache
import Testing

@Suite struct HTMLEscapingTests {
    @Test func escapesTheFiveSignificantCharacters() throws {
        let template = try Template("{{value}}")
        let output = try template.render(["value": "<a href=\"x\" title='y'>Tom & Jerry</a>"])
        #expect(output == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;")
    }

    @Test func leavesOtherTextAndMultibyteCharactersAlone() throws {
        let output = try Template("{{value}}").render(["value": "Zoë — 東京 🚀 a=b /c"])
        #expect(output == "Zoë — 東京 🚀 a=b /c")
    }

    @Test func tripleMustacheAndAmpersandAreRaw() throws {
        let template = try Template("{{{html}}}|{{&html}}|{{html}}")
        #expect(try template.render(["html": "<b>&</b>"]) == "<b>&</b>|<b>&</b>|&lt;b&gt;&amp;&lt;/b&gt;")
    }

    @Test func escapingWorksAtRunBoundaries() throws {
        let template = try Template("{{value}}")
        #expect(try template.render(["value": "&"]) == "&amp;")
        #expect(try template.render(["value": "a<"]) == "a&lt;")
        #expect(try template.render(["value": "<<>>"]) == "&lt;&lt;&gt;&gt;")
        #expect(try template.render(["value": ""]) == "")
    }

    @Test func escapeFunctionMatchesTemplateEscaping() {
        #expect(HTMLEscaping.escape("\"O'Hara\" <x> & y") == "&quot;O&#39;Hara&quot; &lt;x&gt; &amp; y")
    }

    @Test func numbersAndBooleansPrintPlainly() throws {
        let template = try Template("{{a}} {{b}} {{c}} {{d}} {{e}}")
        let output = try template.render(["a": 42, "b": -7, "c": 3.0, "d": 1.25, "e": true])
        #expect(output == "42 -7 3 1.25 true")
    }
}
