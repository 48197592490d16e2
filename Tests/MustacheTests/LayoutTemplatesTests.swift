import Foundation
import Mustache
import Testing

/// The application's own templates under `Templates/` (found from this file's path).
@Suite struct LayoutTemplatesTests {
    static var templatesDirectory: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Templates")
            .path
    }

    static let layoutModel: MustacheValue = [
        "assetVersion": "abc123",
        "csrfToken": "token-<1>",
        "user": ["name": "Ada <Admin>", "email": "ada@example.com"],
        "organization": ["name": "Northwind & Co"],
        "section": ["settings": true],
        "flash": [
            ["kind": "success", "message": "Saved <it>.", "isError": false],
            ["kind": "error", "message": "Could not send.", "isError": true],
        ],
    ]

    /// The repository's templates plus extra in-memory pages.
    private func library(adding pages: [String: String] = [:]) throws -> TemplateLibrary {
        var sources = try TemplateLibrary.sources(in: Self.templatesDirectory)
        for (name, text) in pages.sorted(by: { $0.key < $1.key }) {
            sources.append(TemplateSource(name: name, path: "\(name).mustache", text: text))
        }
        return try TemplateLibrary(sources: sources)
    }

    @Test func everyTemplateInTheRepositoryParsesWithStrictPartials() throws {
        let library = try TemplateLibrary(directory: Self.templatesDirectory)
        for name in ["layout", "errors/error", "partials/nav", "partials/flash", "partials/field", "partials/pagination", "partials/empty"] {
            #expect(library.names.contains(name), "missing \(name)")
        }
    }

    @Test func errorPageUsesTheLayout() throws {
        let library = try TemplateLibrary(directory: Self.templatesDirectory)
        let html = try library.render("errors/error", ["assetVersion": "v9"], ["status": 404, "title": "Not found", "message": "No <such> page."])
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>Not found · Lodestar</title>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/static/app.css?v=v9\">"))
        #expect(html.contains("<a class=\"skip-link\" href=\"#main\">"))
        #expect(html.contains("<main id=\"main\""))
        #expect(html.contains("Error 404"))
        #expect(html.contains("No &lt;such&gt; page."))
        #expect(html.contains("href=\"/\">Back to the home page</a>"))
        #expect(!html.contains("site-nav"), "no navigation without a signed-in user")
        #expect(!html.contains("<script>"), "no inline script (CSP)")
    }

    @Test func pageBlocksFillTheLayout() throws {
        let library = try library(adding: ["page": """
            {{<layout}}
            {{$title}}Leads{{/title}}
            {{$content}}
            <h1>Leads</h1>
            <p>{{count}} leads</p>
            {{/content}}
            {{$scripts}}<script src="/static/leads.js" defer></script>{{/scripts}}
            {{/layout}}

            """])
        let html = try library.render("page", Self.layoutModel, ["count": 3])
        #expect(html.contains("<title>Leads · Lodestar</title>"))
        #expect(html.contains("    <h1>Leads</h1>\n    <p>3 leads</p>\n"), "content is indented where the layout places it")
        #expect(html.contains("  <script src=\"/static/leads.js\" defer></script></body>"))
        #expect(!html.contains("\n\n"), "no blank lines left by empty blocks")
        #expect(!html.contains("{{"))
    }

    @Test func navigationShowsForASignedInUser() throws {
        let library = try library(adding: ["page": "{{<layout}}{{/layout}}"])
        let html = try library.render("page", Self.layoutModel)
        #expect(html.contains("<nav class=\"site-nav\" id=\"site-nav\" aria-label=\"Main\">"))
        for link in ["/app\"", "/app/settings\""] {
            #expect(html.contains("href=\"\(link)"), "missing link \(link)")
        }
        #expect(html.contains("<a href=\"/app/settings\" aria-current=\"page\">Settings</a>"))
        #expect(html.contains("<a href=\"/app\">Dashboard</a>"))
        #expect(html.contains("Ada &lt;Admin&gt;"))
        #expect(html.contains("Northwind &amp; Co"))
        #expect(html.contains("<form class=\"site-nav__signout\" method=\"post\" action=\"/logout\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"token-&lt;1&gt;\">"))
    }

    @Test func flashMessagesUseStatusAndAlertRoles() throws {
        let library = try library(adding: ["page": "{{<layout}}{{/layout}}"])
        let html = try library.render("page", Self.layoutModel)
        #expect(html.contains("<div class=\"flash flash--success\" role=\"status\">\n      <p>Saved &lt;it&gt;.</p>"))
        #expect(html.contains("<div class=\"flash flash--error\" role=\"alert\">"))
    }

    @Test func fieldPartialLinksLabelHelpAndError() throws {
        let library = try library(adding: ["form": "{{#fields}}{{>partials/field}}{{/fields}}"])
        let html = try library.render("form", ["fields": [
            ["id": "email", "name": "email", "label": "Email", "type": "email", "required": true,
             "value": "a\"b", "help": "Work address", "error": "Not an address"],
        ]])
        #expect(html.contains("<label class=\"field__label\" for=\"email\">Email"))
        #expect(html.contains("<input type=\"email\" id=\"email\" name=\"email\" required aria-invalid=\"true\" aria-describedby=\"email-help email-error\" value=\"a&quot;b\">"))
        #expect(html.contains("<p class=\"field__help\" id=\"email-help\">Work address</p>"))
        #expect(html.contains("<p class=\"field__error\" id=\"email-error\">Not an address</p>"))
        #expect(html.contains("field--invalid"))
    }

    @Test func fieldPartialRendersTextareaSelectAndCheckbox() throws {
        let library = try library(adding: ["form": "{{#fields}}{{>partials/field}}{{/fields}}"])
        let html = try library.render("form", ["fields": [
            ["id": "notes", "name": "notes", "label": "Notes", "isTextarea": true, "value": "<hi>"],
            ["id": "source", "name": "source", "label": "Source", "isSelect": true, "options": [
                ["value": "web", "label": "Web", "selected": false],
                ["value": "event", "label": "Event", "selected": true],
            ]],
            ["id": "consent", "name": "consent", "label": "I agree", "isCheckbox": true, "checked": true],
        ]])
        #expect(html.contains("<textarea id=\"notes\" name=\"notes\" rows=\"4\">&lt;hi&gt;</textarea>"))
        #expect(html.contains("<select id=\"source\" name=\"source\">"))
        #expect(html.contains("<option value=\"event\" selected>Event</option>"))
        #expect(html.contains("<option value=\"web\">Web</option>"))
        #expect(html.contains("<input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"on\" checked>"))
        #expect(!html.contains("type=\"text\""), "no stray text input for the other kinds")
    }

    @Test func paginationAndEmptyState() throws {
        let library = try library(adding: ["list": "{{>partials/pagination}}{{>partials/empty}}"])
        let html = try library.render("list", [
            "pagination": ["page": 1, "pageCount": 3, "nextURL": "/app/leads?page=2"],
            "empty": ["message": "No leads yet.", "actionURL": "/app/campaigns/new", "actionLabel": "Create a campaign"],
        ])
        #expect(html.contains("<nav class=\"pagination\" aria-label=\"Pagination\">"))
        #expect(html.contains("<span class=\"button button--quiet\" aria-disabled=\"true\">← Previous</span>"))
        #expect(html.contains("<a class=\"button button--quiet\" href=\"/app/leads?page=2\" rel=\"next\">Next →</a>"))
        #expect(html.contains("Page 1 of 3"))
        #expect(html.contains("<p class=\"empty-state__message\">No leads yet.</p>"))
        #expect(html.contains("<a class=\"button\" href=\"/app/campaigns/new\">Create a campaign</a>"))
        let bare = try library.render("list", ["empty": ["message": "Nothing."]])
        #expect(!bare.contains("pagination"))
        #expect(!bare.contains("<a class=\"button\""))
    }
}
