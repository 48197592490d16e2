import Foundation
import HTTP
import Testing
import Web
@testable import Lodestar

@Suite struct AppTests {
    /// An app serving a temporary Public/ with one stylesheet.
    private func makeClient(mode: String = "test") throws -> (TestClient, URL) {
        let publicDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestar-public-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: publicDirectory, withIntermediateDirectories: true)
        try Data("body { margin: 0 }\n".utf8).write(to: publicDirectory.appendingPathComponent("app.css"))
        let configuration = try AppConfiguration(
            environment: TestEnvironment.variables(["LODESTAR_ENV": mode, "PUBLIC_DIR": publicDirectory.path])
        )
        let app = try App(configuration: configuration, log: .discard)
        return (TestClient(app.responder), publicDirectory)
    }

    @Test func healthzAnswersOk() throws {
        let (client, directory) = try makeClient()
        defer { try? FileManager.default.removeItem(at: directory) }
        let response = client.get("/healthz")
        #expect(response.status == .ok)
        #expect(response.text == "ok")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(client.head("/healthz").status == .ok)
        #expect(client.request(.post, "/healthz").status == .methodNotAllowed)
    }

    @Test func staticFilesAreServedFromThePublicDirectory() throws {
        let (client, directory) = try makeClient()
        defer { try? FileManager.default.removeItem(at: directory) }
        let response = client.get("/static/app.css?v=1")
        #expect(response.status == .ok)
        #expect(response.text == "body { margin: 0 }\n")
        #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "public, max-age=31536000, immutable")
        let etag = try #require(response.headers["ETag"])
        #expect(client.get("/static/app.css", headers: ["If-None-Match": etag]).status == .notModified)
        #expect(client.get("/static/%2e%2e/etc/passwd").status == .notFound)
    }

    @Test func developmentModeRevalidatesStaticFiles() throws {
        let (client, directory) = try makeClient(mode: "development")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(client.get("/static/app.css").headers["Cache-Control"] == "no-cache")
    }

    @Test func unknownAddressesGetAnHTMLNotFoundPage() throws {
        let (client, directory) = try makeClient()
        defer { try? FileManager.default.removeItem(at: directory) }
        let response = client.get("/no/such/page")
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text.contains("There is nothing at this address"))
    }
}
