import HTTP
import Mustache
import Web

/// The web layer's error pages rendered from `Templates/errors/error.mustache` inside the
/// layout, so a signed-in person keeps their navigation. If rendering throws, the web
/// layer falls back to its built-in page and logs why.
struct TemplateErrorPages: ErrorPageRenderer {
    let pages: PageRenderer

    func render(_ page: ErrorPage, for request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        let layout = pages.layoutModel(for: context, section: nil)
        let model: MustacheValue = [
            "status": .int(page.status.code),
            "title": .string(page.title),
            "message": .string(page.message),
            "homeURL": .string(layout.user == nil ? page.homePath : "/app"),
            "reference": page.showsReference ? .string(page.requestID) : .null,
        ]
        let body = try pages.library.renderBytes("errors/error", contexts: [layout.mustacheValue, model])
        return HTTPResponse(
            status: page.status,
            headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
            body: .bytes(body)
        )
    }
}
