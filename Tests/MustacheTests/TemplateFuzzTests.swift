import Mustache
import Testing

/// Random templates built from Mustache fragments: every one must either parse or throw a
/// parse error with a position inside the source, and every parsed one must render (or
/// throw a render error) without crashing, including through self-including partials.
@Suite struct TemplateFuzzTests {
    /// SplitMix64: a tiny seeded generator, so failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let fragments = [
        "{{", "}}", "{{{", "}}}", "#", "^", "/", "!", ">", "<", "$", "&", "=", "*", ".",
        "a", "b", "list", "p", " ", "  ", "\n", "\r\n", "\t", "x", "é", "<%", "%>",
        "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}", "{{>p}}", "{{<p}}", "{{/p}}", "{{$a}}",
        "{{.}}", "{{a.b}}", "{{#list}}", "{{/list}}", "{{=<% %>=}}", "<%={{ }}=%>", "{{>*a}}",
    ]

    @Test(arguments: 0..<8)
    func randomTemplatesNeverCrash(seed: Int) throws {
        var generator = SeededGenerator(state: UInt64(seed) &* 7919 &+ 1)
        let context: MustacheValue = ["a": ["b": "<v>"], "b": false, "list": [1, ["a": "p"], "z"], "p": "p"]
        for _ in 0..<400 {
            let count = Int.random(in: 1...24, using: &generator)
            let source = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
            let template: Template
            do {
                template = try Template(source, name: "p")
            } catch {
                let lines = source.utf8.filter { $0 == 0x0A }.count + 1
                #expect(error.line >= 1 && error.line <= lines, "\(source.debugDescription): \(error)")
                #expect(error.column >= 1)
                continue
            }
            do {
                _ = try template.render(context, partials: ["p": template], options: RenderOptions(strictPartials: false))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
