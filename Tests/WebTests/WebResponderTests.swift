import Foundation
import HTTP
import HTTPServer
import Synchronization
import Testing
@testable import Web

/// Collects log lines for assertions.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var writer: LogWriter { LogWriter { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

private struct DatabaseDown: Error, CustomStringConvertible {
    var description: String { "connection to 10.0.0.5 refused (secret detail)" }
}

private struct Throttled: PresentableError {
    var status: HTTPStatus { .tooManyRequests }
    var message: String { "Too many sign-in attempts; try again in 30 seconds." }
    var headers: HTTPHeaders { ["Retry-After": "30"] }
}

@Suite struct WebResponderTests {
    private func client(
        log: LogLines = LogLines(), errorPages: any ErrorPageRenderer = BuiltInErrorPages()
    ) throws -> TestClient {
        var router = Router()
        router.get("/ok") { _, _ in .text("fine") }
        router.get("/custom-csp") { _, _ in
            var response = HTTPResponse.text("x")
            response.headers.set("Content-Security-Policy", "default-src 'none'")
            return response
        }
        router.get("/conflict") { _, _ in throw WebError(.conflict, "Lead <b>7</b> was changed & saved elsewhere.") }
        router.get("/throttled") { _, _ in throw Throttled() }
        router.get("/broken") { _, _ in throw DatabaseDown() }
        router.get("/stream") { _, _ in
            HTTPResponse(status: .ok, body: .stream { writer in
                try writer.write(Array("one,".utf8))
                try writer.write(Array("two".utf8))
            })
        }
        let configuration = WebResponder.Configuration(errorPages: errorPages, log: log.writer)
        return TestClient(try WebResponder(router: router, configuration: configuration), remoteAddress: "192.0.2.7")
    }

    @Test func securityHeadersOnEveryResponse() throws {
        let client = try client()
        for target in ["/ok", "/missing", "/broken", "/conflict"] {
            let headers = client.get(target).headers
            #expect(headers["Content-Security-Policy"]?.contains("script-src 'self'") == true, "\(target)")
            #expect(headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true, "\(target)")
            #expect(headers["X-Content-Type-Options"] == "nosniff", "\(target)")
            #expect(headers["Referrer-Policy"] == "strict-origin-when-cross-origin", "\(target)")
            #expect(headers["X-Frame-Options"] == "DENY", "\(target)")
        }
    }

    @Test func handlersMayOverrideASecurityHeader() throws {
        let headers = try client().get("/custom-csp").headers
        #expect(headers.values("Content-Security-Policy") == ["default-src 'none'"])
        #expect(headers["X-Frame-Options"] == "DENY")
    }

    @Test func webErrorBecomesItsStatusAndAnEscapedPage() throws {
        let response = try client().get("/conflict")
        #expect(response.status == .conflict)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text.contains("Lead &lt;b&gt;7&lt;/b&gt; was changed &amp; saved elsewhere."))
        #expect(!response.text.contains("<b>7</b>"))
        #expect(response.text.contains("<a href=\"/\">"))
        #expect(response.headers["Cache-Control"] == "no-store")
    }

    @Test func presentableErrorsKeepTheirHeaders() throws {
        let response = try client().get("/throttled")
        #expect(response.status == .tooManyRequests)
        #expect(response.headers["Retry-After"] == "30")
        #expect(response.text.contains("try again in 30 seconds"))
    }

    @Test func unknownErrorIsGeneric500WithDetailOnlyInLog() throws {
        let log = LogLines()
        let response = try client(log: log).get("/broken")
        #expect(response.status == .internalServerError)
        #expect(!response.text.contains("10.0.0.5"))
        #expect(!response.text.contains("secret"))
        #expect(response.text.contains("Something went wrong"))
        let errorLine = log.all.first { $0.hasPrefix("error ") }
        #expect(errorLine?.contains("10.0.0.5") == true)
        #expect(errorLine?.contains("GET /broken") == true)
        // The page's reference matches the id in the log.
        let id = errorLine?.split(separator: " ").first { $0.hasPrefix("id=") }?.dropFirst(3)
        #expect(id.map { response.text.contains(String($0)) } == true)
    }

    @Test func customErrorPagesAreUsedAndFallBackWhenTheyFail() throws {
        let custom = ClosureErrorPageRenderer { page, _, _ in .text("custom \(page.status.code): \(page.message)") }
        let response = try client(errorPages: custom).get("/missing")
        #expect(response.status == .notFound)
        #expect(response.text.hasPrefix("custom 404: "))

        struct TemplateMissing: Error {}
        let log = LogLines()
        let failing = ClosureErrorPageRenderer { _, _, _ in throw TemplateMissing() }
        let fallback = try client(log: log, errorPages: failing).get("/conflict")
        #expect(fallback.status == .conflict)
        #expect(fallback.text.contains("<h1>Conflict</h1>"))
        #expect(log.all.contains { $0.contains("error page renderer failed") })
    }

    @Test func errorPagesSeeWhatMiddlewareEstablished() throws {
        enum UserKey: ContextKey { typealias Value = String }
        let signIn = ClosureMiddleware { request, context, next in
            var context = context
            context[UserKey.self] = "ada"
            return try next(request, context)
        }
        let adminOnly = ClosureMiddleware { request, context, next in
            var context = context
            context[UserKey.self] = (context[UserKey.self] ?? "") + " (admin area)"
            return try next(request, context)
        }
        var router = Router()
        router.group("/admin", middleware: [adminOnly]) { admin in
            admin.get("/fail") { _, _ in throw WebError.forbidden() }
        }
        let renderer = ClosureErrorPageRenderer { page, _, context in
            .text("\(page.status.code) for \(context[UserKey.self] ?? "nobody")")
        }
        let configuration = WebResponder.Configuration(middleware: [signIn], errorPages: renderer, log: .discard)
        let client = TestClient(try WebResponder(router: router, configuration: configuration))
        #expect(client.get("/missing").text == "404 for ada")
        #expect(client.get("/admin/fail").text == "403 for ada (admin area)")
    }

    @Test func perRequestStateIsFreedWhenTheRequestIsDone() {
        enum NoteKey: ContextKey { typealias Value = String }
        weak var scope: RequestScope?
        do {
            let request = HTTPRequest(head: HTTPRequestHead(method: .get, target: "/x?page=2"))
            var context = RequestContext(request: request, connection: ConnectionInfo(remoteAddress: "::1", remotePort: 1))
            context[NoteKey.self] = "kept for the error page"
            context.scope.record(context)
            #expect(context.query["page"] == "2")
            scope = context.scope
        }
        #expect(scope == nil)
    }

    @Test func accessLineIsCompactAndOmitsTheQuery() {
        let line = AccessLogLine.format(
            remote: "192.0.2.7", method: .get, path: "/ok", status: 200, bytes: 4,
            milliseconds: 0.4234, requestID: nil
        )
        #expect(line.hasSuffix(" 192.0.2.7 GET /ok 200 4B 0.42ms"))
        let stamp = String(line.prefix { $0 != " " })
        #expect(stamp.count == 24 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T")
        let odd = AccessLogLine.format(
            remote: "::1", method: .post, path: "/a b\"\n", status: 404, bytes: nil,
            milliseconds: 12.6, requestID: "abc-1"
        )
        #expect(odd.hasSuffix(" ::1 POST /a%20b%22%0A 404 - 13ms id=abc-1"))
    }

    @Test func streamedBodiesAreCollected() throws {
        let response = try client().get("/stream")
        #expect(response.text == "one,two")
        #expect(response.streamError == nil)
    }

    @Test func requestIDsDiffer() {
        #expect(RequestID.next() != RequestID.next())
    }

    @Test func redirectsOnlyToLocalPaths() throws {
        #expect(try HTTPResponse.redirect(to: "/app").headers["Location"] == "/app")
        #expect(throws: WebError.self) { try HTTPResponse.redirect(to: "//evil.example") }
        #expect(throws: WebError.self) { try HTTPResponse.redirect(to: "https://evil.example") }
        #expect(throws: WebError.self) { try HTTPResponse.redirect(to: "/\\evil.example") }
    }
}
