import Foundation
import HTTP
import Testing
@testable import Web

/// A temporary directory tree: `<base>/Public` served, `<base>/secret.txt` beside it.
final class PublicDirectory {
    let base: URL
    var root: String { base.appendingPathComponent("Public").path }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("web-static-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: base.appendingPathComponent("Public/css").path, withIntermediateDirectories: true)
        try write("secret.txt", "do not serve", under: base.path)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func add(_ relative: String, _ contents: String) throws {
        try write(relative, contents, under: root)
    }

    func write(_ relative: String, _ contents: String, under directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    func setModified(_ relative: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: root + "/" + relative)
    }
}

@Suite struct StaticFilesTests {
    private func client(_ directory: PublicDirectory, options: StaticFiles.Options = .init()) throws -> TestClient {
        var router = Router()
        let files = StaticFiles(root: directory.root, options: options)
        router.get("/static/*path", files.respond)
        return TestClient(try WebResponder(router: router, configuration: .init(log: .discard)))
    }

    @Test func servesFilesWithTheirTypes() throws {
        let directory = try PublicDirectory()
        let expected = [
            "css/app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
            "logo.svg": "image/svg+xml", "a.png": "image/png", "b.jpg": "image/jpeg", "c.webp": "image/webp",
            "favicon.ico": "image/x-icon", "font.woff2": "font/woff2", "robots.txt": "text/plain; charset=utf-8",
            "page.html": "text/html; charset=utf-8", "data.json": "application/json",
            "app.js.map": "application/json", "blob.bin": "application/octet-stream", "UPPER.CSS": "text/css; charset=utf-8",
        ]
        for name in expected.keys { try directory.add(name, "contents of \(name)") }
        let client = try client(directory)
        for (name, type) in expected {
            let response = client.get("/static/\(name)")
            #expect(response.status == .ok, "\(name)")
            #expect(response.headers["Content-Type"] == type, "\(name)")
            #expect(response.text == "contents of \(name)", "\(name)")
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        }
    }

    @Test func etagAndLastModifiedGive304() throws {
        let directory = try PublicDirectory()
        try directory.add("css/app.css", "body{}")
        try directory.setModified("css/app.css", Date(timeIntervalSince1970: 784_111_777))
        let client = try client(directory)
        let first = client.get("/static/css/app.css")
        let etag = try #require(first.headers["ETag"])
        #expect(first.headers["Last-Modified"] == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(first.headers["Cache-Control"] == "public, max-age=3600")

        let byTag = client.get("/static/css/app.css", headers: ["If-None-Match": etag])
        #expect(byTag.status == .notModified)
        #expect(byTag.body.isEmpty)
        #expect(byTag.headers["ETag"] == etag)
        #expect(client.get("/static/css/app.css", headers: ["If-None-Match": "\"other\", W/\(etag)"]).status == .notModified)
        #expect(client.get("/static/css/app.css", headers: ["If-None-Match": "\"other\""]).status == .ok)

        let since = client.get("/static/css/app.css", headers: ["If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"])
        #expect(since.status == .notModified)
        let later = client.get("/static/css/app.css", headers: ["If-Modified-Since": "Sunday, 06-Nov-94 09:00:00 GMT"])
        #expect(later.status == .notModified)
        let earlier = client.get("/static/css/app.css", headers: ["If-Modified-Since": "Sun Nov  6 08:00:00 1994"])
        #expect(earlier.status == .ok)
        #expect(earlier.text == "body{}")
        // If-None-Match decides when both are present.
        let both = client.get("/static/css/app.css", headers: [
            "If-None-Match": "\"other\"", "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT",
        ])
        #expect(both.status == .ok)
    }

    @Test func versionedURLsAreCachedLong() throws {
        let directory = try PublicDirectory()
        try directory.add("app.js", "x")
        let client = try client(directory)
        #expect(client.get("/static/app.js?v=3f2a").headers["Cache-Control"] == "public, max-age=31536000, immutable")
        #expect(client.get("/static/app.js?x=1").headers["Cache-Control"] == "public, max-age=3600")
    }

    @Test func headHasHeadersButNoBody() throws {
        let directory = try PublicDirectory()
        try directory.add("robots.txt", "User-agent: *")
        let response = try client(directory).head("/static/robots.txt")
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] != nil)
        #expect(response.body.isEmpty)
    }

    @Test func traversalInManySpellingsIsNotFound() throws {
        let directory = try PublicDirectory()
        try directory.add("css/app.css", "body{}")
        try directory.add(".env", "SECRET=1")
        try FileManager.default.createSymbolicLink(atPath: directory.root + "/leak.txt", withDestinationPath: directory.base.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.root + "/up", withDestinationPath: directory.base.path)
        let client = try client(directory)
        let attempts = [
            "/static/../secret.txt", "/static/css/../../secret.txt", "/static/%2e%2e/secret.txt",
            "/static/%2E%2E/secret.txt", "/static/.%2e/secret.txt", "/static/css/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/static/..%2fsecret.txt", "/static/..%5csecret.txt", "/static/%2fetc%2fpasswd", "/static//etc/passwd",
            "/static/%00", "/static/app.css%00.png", "/static/css%2fapp.css", "/static/./css/app.css",
            "/static/%c0%ae%c0%ae/secret.txt", "/static/leak.txt", "/static/up/secret.txt", "/static/.env",
            "/static/css", "/static/css/", "/static/", "/static", "/static/missing.css", "/static/%",
            "/static/..\\secret.txt",
        ]
        for target in attempts {
            let response = client.get(target)
            #expect(response.status == .notFound, "\(target)")
            #expect(!response.text.contains("do not serve"), "\(target)")
        }
        #expect(client.get("/static/css/app.css").status == .ok)
    }

    @Test func startUpDoesNotWanderOutsideTheRoot() throws {
        let directory = try PublicDirectory()
        try directory.add("app.css", "body{}")
        try FileManager.default.createSymbolicLink(atPath: directory.root + "/everything", withDestinationPath: "/")
        try FileManager.default.createSymbolicLink(atPath: directory.root + "/loop", withDestinationPath: directory.root)
        let client = try client(directory)
        #expect(client.get("/static/app.css").text == "body{}")
        #expect(client.get("/static/everything/etc/hostname").status == .notFound)
        #expect(client.get("/static/loop/app.css").text == "body{}")
    }

    @Test func symlinksInsideTheRootAreServed() throws {
        let directory = try PublicDirectory()
        try directory.add("css/app.css", "body{}")
        try FileManager.default.createSymbolicLink(atPath: directory.root + "/alias.css", withDestinationPath: directory.root + "/css/app.css")
        #expect(try client(directory).get("/static/alias.css").text == "body{}")
    }

    @Test func revalidationPicksUpChangedFiles() throws {
        let directory = try PublicDirectory()
        try directory.add("app.css", "old")
        try directory.setModified("app.css", Date(timeIntervalSince1970: 1_000_000))
        var options = StaticFiles.Options()
        options.revalidate = true
        options.maxAge = 0
        let client = try client(directory, options: options)
        let first = client.get("/static/app.css")
        #expect(first.text == "old")
        #expect(first.headers["Cache-Control"] == "no-cache")
        try directory.add("app.css", "newer")
        try directory.setModified("app.css", Date(timeIntervalSince1970: 2_000_000))
        let second = client.get("/static/app.css")
        #expect(second.text == "newer")
        #expect(second.headers["ETag"] != first.headers["ETag"])
    }

    @Test func withoutRevalidationTheCachedCopyIsServed() throws {
        let directory = try PublicDirectory()
        try directory.add("app.css", "old")
        let client = try client(directory)
        #expect(client.get("/static/app.css").text == "old")
        try directory.add("app.css", "changed")
        #expect(client.get("/static/app.css").text == "old")
    }

    @Test func filesAddedAfterStartAreFound() throws {
        let directory = try PublicDirectory()
        try directory.add("early.css", "early")
        let client = try client(directory)
        #expect(client.get("/static/late.css").status == .notFound)
        try directory.add("late.css", "late")
        try directory.add(".late-hidden", "hidden")
        #expect(client.get("/static/late.css").text == "late")
        #expect(client.get("/static/early.css").text == "early")
        #expect(client.get("/static/.late-hidden").status == .notFound)
    }

    @Test func largeFilesAreStreamed() throws {
        let directory = try PublicDirectory()
        let large = String(repeating: "0123456789", count: 20_000)
        try directory.add("big.txt", large)
        var options = StaticFiles.Options()
        options.maxCachedFileBytes = 1024
        options.maxUnstreamedFileBytes = 1024
        let response = try client(directory, options: options).get("/static/big.txt")
        #expect(response.status == .ok)
        #expect(response.body.count == 200_000)
        #expect(response.text == large)
    }

    @Test func missingRootAnswersNotFound() throws {
        let directory = try PublicDirectory()
        try FileManager.default.removeItem(atPath: directory.root)
        #expect(try client(directory).get("/static/app.css").status == .notFound)
    }
}
