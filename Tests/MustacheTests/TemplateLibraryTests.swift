import Foundation
import Mustache
import Testing

/// A temporary template directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "mustache-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relativePath: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relativePath)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct TemplateLibraryTests {
    @Test func loadsEveryTemplateAndNamesPartialsByFolder() throws {
        let directory = try TemporaryDirectory()
        try directory.write("page.mustache", "<h1>{{title}}</h1>{{>partials/footer}}")
        try directory.write("partials/footer.mustache", "<footer>{{year}}</footer>")
        try directory.write("notes.txt", "not a template {{")
        let library = try TemplateLibrary(directory: directory.path)
        #expect(library.names == ["page", "partials/footer"])
        #expect(try library.render("page", ["title": "Hi & bye", "year": 2026]) == "<h1>Hi &amp; bye</h1><footer>2026</footer>")
    }

    @Test func renderWritesExactlyTheTemplateOutput() throws {
        let directory = try TemporaryDirectory()
        try directory.write("mail.mustache", "Hello {{name}}!")
        let library = try TemplateLibrary(directory: directory.path)
        let data = try MustacheValue(json: #"{"name": "Zoë"}"#)
        #expect(try library.renderBytes("mail", contexts: [data]) == Array("Hello Zoë!".utf8))
        #expect(try library.renderBytes("mail", contexts: []) == Array("Hello !".utf8))
    }

    @Test func syntaxErrorsListEveryFileWithLineAndColumn() throws {
        let directory = try TemporaryDirectory()
        try directory.write("good.mustache", "fine")
        try directory.write("bad.mustache", "line one\n  {{#items}}\n")
        try directory.write("leads/broken.mustache", "{{name")
        do {
            _ = try TemplateLibrary(directory: directory.path)
            Issue.record("expected the load to fail")
        } catch {
            #expect(error.messages == [
                "\(directory.path)/bad.mustache:2:3: unclosed section 'items' opened at 2:3",
                "\(directory.path)/leads/broken.mustache:1:1: expected '}}' to close the tag",
            ])
            #expect(error.parseErrors.count == 2)
        }
    }

    @Test func strictModeRejectsAMissingPartialAtLoad() throws {
        let directory = try TemporaryDirectory()
        try directory.write("page.mustache", "a\n  {{>partials/mising}}\n")
        do {
            _ = try TemplateLibrary(directory: directory.path)
            Issue.record("expected the load to fail")
        } catch {
            #expect(error.description == "\(directory.path)/page.mustache:2:3: no template named 'partials/mising' for this partial")
        }
        let lenient = try TemplateLibrary(directory: directory.path, options: TemplateLibrary.Options(strictPartials: false))
        #expect(try lenient.render("page") == "a\n")
    }

    @Test func strictModeRejectsAMissingDynamicPartialAtRender() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "page", path: "page.mustache", text: "{{>*kind}}"),
            TemplateSource(name: "card", path: "card.mustache", text: "card"),
        ])
        #expect(try library.render("page", ["kind": "card"]) == "card")
        #expect(throws: TemplateLibraryError.self) { try library.render("page", ["kind": "crad"]) }
        do {
            _ = try library.render("page", ["kind": "crad"])
        } catch {
            #expect(error.description == "page.mustache:1:1: no template named 'crad' for this partial")
        }
    }

    @Test func unknownTemplateNameIsAnError() throws {
        let library = try TemplateLibrary(sources: [])
        do {
            _ = try library.render("nope")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "no template named 'nope'")
        }
    }

    @Test func runawayRecursionEndsInAnErrorNotACrash() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "loop", path: "loop.mustache", text: "x{{>loop}}"),
        ])
        do {
            _ = try library.render("loop")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("partials nested deeper than 64 levels (runaway recursion?): loop > loop"))
        }
    }

    @Test func recursionThatEndsIsAllowed() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "tree", path: "tree.mustache", text: "{{name}}({{#children}}{{>tree}}{{/children}})"),
        ])
        let data: MustacheValue = ["name": "a", "children": [["name": "b", "children": [["name": "c", "children": []]]]]]
        #expect(try library.render("tree", data) == "a(b(c()))")
    }

    @Test func laterContextsAreSearchedFirst() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "page", path: "page.mustache", text: "{{site}}/{{title}}"),
        ])
        #expect(try library.render("page", ["site": "S", "title": "layout"], ["title": "page"]) == "S/page")
    }

    @Test func developmentModeReloadsChangedAddedAndBrokenFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("page.mustache", "v1 {{>part}}")
        try directory.write("part.mustache", "p1")
        let options = TemplateLibrary.Options(reloadsChangedFiles: true, reloadCheckInterval: .zero)
        let library = try TemplateLibrary(directory: directory.path, options: options)
        #expect(try library.render("page") == "v1 p1")

        try directory.write("part.mustache", "part two")
        #expect(try library.render("page") == "v1 part two")

        try directory.write("page.mustache", "v2 is broken {{#oops}}")
        #expect(throws: TemplateLibraryError.self) { try library.render("page") }

        try directory.write("page.mustache", "v3 {{>extra/new}}")
        try directory.write("extra/new.mustache", "new")
        #expect(try library.render("page") == "v3 new")
    }

    @Test func productionModeDoesNotReload() throws {
        let directory = try TemporaryDirectory()
        try directory.write("page.mustache", "v1")
        let library = try TemplateLibrary(directory: directory.path)
        try directory.write("page.mustache", "v2 changed")
        #expect(try library.render("page") == "v1")
    }

    @Test func missingDirectoryIsAClearError() {
        do {
            _ = try TemplateLibrary(directory: "/nonexistent/templates")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/templates: cannot read templates: no such directory")
        }
    }

    @Test func rendersConcurrentlyFromManyThreads() async throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "row", path: "row.mustache", text: "{{#rows}}<{{.}}>{{/rows}}"),
        ])
        let expected = (0..<100).map { "<\($0)>" }.joined()
        let rows: MustacheValue = .list((0..<100).map { .int($0) })
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask { try library.render("row", ["rows": rows]) }
            }
            for try await output in group {
                #expect(output == expected)
            }
        }
    }
}

@Suite struct RenderDepthTests {
    @Test func deepSectionsAcrossRecursivePartialsEndInAnError() throws {
        let sections = 40
        let text = String(repeating: "{{#a}}", count: sections) + "{{>deep}}" + String(repeating: "{{/a}}", count: sections)
        let library = try TemplateLibrary(sources: [TemplateSource(name: "deep", path: "deep.mustache", text: text)])
        do {
            _ = try library.render("deep", ["a": true])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("sections and partials nested deeper than 1000 levels while rendering: deep > deep"))
        }
    }

    /// Sixty sections over a two-item list stay within every depth limit but repeat their
    /// content 2^60 times; before the output limit such a render never ended.
    @Test func exponentialSectionsEndAtTheDefaultOutputLimit() throws {
        let text = String(repeating: "{{#l}}", count: 60) + String(repeating: "x", count: 1024) + String(repeating: "{{/l}}", count: 60)
        let library = try TemplateLibrary(sources: [TemplateSource(name: "wide", path: "wide.mustache", text: text)])
        do {
            _ = try library.render("wide", ["l": [1, 2]])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("output grew past 67108864 bytes (sections or partials repeating too often?): wide"))
        }
    }

    /// Found by the fuzzer (a hang): sections over lists nested in partials repeat work
    /// exponentially while writing nothing, so no output limit stops them; reduced here to
    /// sixty empty nested sections over a two-item list (2^60 steps).
    @Test func silentExponentialWorkEndsAtTheStepLimit() throws {
        let text = String(repeating: "{{#l}}", count: 60) + String(repeating: "{{/l}}", count: 60)
        let library = try TemplateLibrary(
            sources: [TemplateSource(name: "silent", path: "silent.mustache", text: text)],
            options: .init(maximumRenderSteps: 10_000)
        )
        do {
            _ = try library.render("silent", ["l": [1, 2]])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("more than 10000 sections, partials and blocks rendered (runaway recursion?): silent"))
        }
        #expect(try library.render("silent", ["l": [1]]) == "")
    }

    @Test func libraryOutputLimitIsConfigurable() throws {
        let library = try TemplateLibrary(
            sources: [TemplateSource(name: "rows", path: "rows.mustache", text: "{{#rows}}<tr>{{.}}</tr>{{/rows}}")],
            options: .init(maximumOutputBytes: 100)
        )
        #expect(try library.render("rows", ["rows": [1, 2]]) == "<tr>1</tr><tr>2</tr>")
        let many: MustacheValue = ["rows": .list((0..<50).map { .int($0) })]
        do {
            _ = try library.render("rows", many)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("output grew past 100 bytes"))
        }
    }

    @Test func nestedSectionsOverListsStopAtTheGivenOutputLimit() throws {
        let template = try Template("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}<{{.}}>{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}")
        let list: MustacheValue = .list((0..<10).map { .int($0) })
        let options = RenderOptions(maximumOutputBytes: 10_000)
        do {
            _ = try template.render(["l": list], options: options)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("output grew past 10000 bytes"))
        }
        let small: MustacheValue = .list([.int(1), .int(2)])
        #expect(try template.render(["l": small], options: options).count == 64 * 3)
    }
}

@Suite struct InheritanceTests {
    @Test func dynamicParentNamesChooseTheLayout() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "wide", path: "wide.mustache", text: "<wide>{{$body}}{{/body}}</wide>"),
            TemplateSource(name: "narrow", path: "narrow.mustache", text: "<narrow>{{$body}}{{/body}}</narrow>"),
            TemplateSource(name: "page", path: "page.mustache", text: "{{<*frame}}{{$body}}{{text}}{{/body}}{{/*frame}}"),
        ])
        #expect(try library.render("page", ["frame": "wide", "text": "a&b"]) == "<wide>a&amp;b</wide>")
        #expect(try library.render("page", ["frame": "narrow", "text": "x"]) == "<narrow>x</narrow>")
    }

    @Test func standaloneBlocksAreReindentedWhereTheyLand() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "layout", path: "layout.mustache", text: "<main>\n    {{$content}}\n    {{/content}}\n</main>\n"),
            TemplateSource(name: "page", path: "page.mustache", text: "{{<layout}}\n{{$content}}\n<h1>{{title}}</h1>\n<p>\n  text\n</p>\n{{/content}}\n{{/layout}}\n"),
        ])
        #expect(try library.render("page", ["title": "T"]) == "<main>\n    <h1>T</h1>\n    <p>\n      text\n    </p>\n</main>\n")
    }
}
