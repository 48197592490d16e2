import HTTP
import Mustache
import Testing
import Web
@testable import Lodestar

@Suite struct PageRendererTests {
    private func makePages() throws -> PageRenderer {
        PageRenderer(library: try TemplateLibrary(directory: TestPaths.templates), assetVersion: "abc123")
    }

    /// A responder whose error pages come from the templates, with a route that fails
    /// with a message containing markup.
    private func makeClient() throws -> TestClient {
        var router = Router()
        router.get("/boom") { _, _ in
            throw WebError(.conflict, "Campaign <b>\"Spring\"</b> & co changed")
        }
        router.get("/crash") { _, _ in
            struct Internal: Error {}
            throw Internal()
        }
        var configuration = WebResponder.Configuration(log: .discard)
        configuration.errorPages = TemplateErrorPages(pages: try makePages())
        return TestClient(try WebResponder(router: router, configuration: configuration))
    }

    @Test func notFoundIsRenderedInsideTheLayout() throws {
        let response = try makeClient().get("/nowhere")
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text.contains(#"<link rel="stylesheet" href="/static/app.css?v=abc123">"#))
        #expect(response.text.contains("There is nothing at this address"))
        #expect(response.text.contains("<title>Not Found · Lodestar</title>"))
        // Signed out: no navigation and no sign-out form.
        #expect(!response.text.contains("site-nav"))
        #expect(!response.text.contains("/logout"))
    }

    @Test func errorMessagesAreEscaped() throws {
        let response = try makeClient().get("/boom")
        #expect(response.status == .conflict)
        #expect(response.text.contains("Campaign &lt;b&gt;&quot;Spring&quot;&lt;/b&gt; &amp; co changed"))
        #expect(!response.text.contains("<b>"))
    }

    @Test func serverErrorsShowTheReference() throws {
        let response = try makeClient().get("/crash")
        #expect(response.status == .internalServerError)
        #expect(response.text.contains("Reference: <code>"))
        #expect(response.text.contains("Something went wrong on our side"))
    }

    @Test func aTemplateThatFailsFallsBackToTheBuiltInPage() throws {
        let library = try TemplateLibrary(sources: [TemplateSource(name: "errors/error", path: "errors/error.mustache", text: "{{>*title}}")])
        var configuration = WebResponder.Configuration(log: .discard)
        configuration.errorPages = TemplateErrorPages(pages: PageRenderer(library: library, assetVersion: "1"))
        let client = TestClient(try WebResponder(router: Router(), configuration: configuration))
        let response = client.get("/nowhere")
        #expect(response.status == .notFound)
        #expect(response.text.contains("<h1>Not Found</h1>"))
    }

    @Test func pagesRenderTheirModelInsideTheLayout() throws {
        let library = try TemplateLibrary(sources: [
            TemplateSource(name: "layout", path: "layout.mustache", text: "<title>{{siteName}}</title>{{$content}}{{/content}}"),
            TemplateSource(name: "page", path: "page.mustache", text: "{{<layout}}{{$content}}<p>{{greeting}}</p>{{/content}}{{/layout}}"),
        ])
        let pages = PageRenderer(library: library, assetVersion: "1")
        let context = RequestContext(
            request: HTTPRequest(head: HTTPRequestHead(method: .get, target: "/", headers: [:], framing: .none), body: .empty),
            connection: .init(remoteAddress: "127.0.0.1", remotePort: 1)
        )
        let response = try pages.render("page", ["greeting": "Hi <you>"] as MustacheValue, context: context, status: .created)
        #expect(response.status == .created)
        #expect(response.headers["Cache-Control"] == "no-store")
        if case .bytes(let bytes) = response.body {
            #expect(String(decoding: bytes, as: UTF8.self) == "<title>Lodestar</title><p>Hi &lt;you&gt;</p>")
        } else {
            Issue.record("expected a byte body")
        }
    }
}
