import HTTP
import Mustache

/// What an error page shows.
public struct ErrorPage: Sendable, Equatable {
    public var status: HTTPStatus
    /// A short heading: the status's reason phrase.
    public var title: String
    /// The person-readable message of the error (never internal detail).
    public var message: String
    /// The request's id, shown on 5xx pages so a person can quote it when reporting.
    public var requestID: String
    /// Where the page's "home" link points.
    public var homePath: String

    public init(status: HTTPStatus, message: String, requestID: String, homePath: String = "/") {
        self.status = status
        title = status.reason
        self.message = message
        self.requestID = requestID
        self.homePath = homePath
    }

    /// True for 5xx pages, which show the request id as a reference.
    public var showsReference: Bool { status.code >= 500 }
}

/// Turns an `ErrorPage` into a response. The application plugs in one that renders its
/// templates; if that throws, the built-in page is used and the failure is logged.
public protocol ErrorPageRenderer: Sendable {
    func render(_ page: ErrorPage, for request: HTTPRequest, context: RequestContext) throws -> HTTPResponse
}

/// A renderer written as a closure.
public struct ClosureErrorPageRenderer: ErrorPageRenderer {
    private let body: @Sendable (ErrorPage, HTTPRequest, RequestContext) throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (ErrorPage, HTTPRequest, RequestContext) throws -> HTTPResponse) {
        self.body = body
    }

    public func render(_ page: ErrorPage, for request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        try body(page, request, context)
    }
}

/// A small self-contained HTML page: title, message, a link home and, for server
/// errors, the reference. No inline script or style, so it passes the default CSP.
public struct BuiltInErrorPages: ErrorPageRenderer {
    public init() {}

    public func render(_ page: ErrorPage, for request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        Self.response(for: page)
    }

    static func response(for page: ErrorPage) -> HTTPResponse {
        let title = HTMLEscaping.escape(page.title)
        var html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(page.status.code) \(title)</title>
        </head>
        <body>
        <main>
        <h1>\(title)</h1>
        <p>\(HTMLEscaping.escape(page.message))</p>

        """
        if page.showsReference {
            html += "<p>Reference: <code>\(HTMLEscaping.escape(page.requestID))</code></p>\n"
        }
        html += """
        <p><a href="\(HTMLEscaping.escape(page.homePath))">Go to the home page</a></p>
        </main>
        </body>
        </html>

        """
        return HTTPResponse(
            status: page.status,
            headers: ["Content-Type": "text/html; charset=utf-8"],
            body: .bytes(Array(html.utf8))
        )
    }
}
