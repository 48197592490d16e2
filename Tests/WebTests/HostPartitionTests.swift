import HTTP
import Testing
@testable import Web

/// Two hosts, each serving its own paths: `/f/...` only on the landing host, `/static/...`
/// on both, everything else only on the application's host.
@Suite struct HostPartitionTests {
    private func client() throws -> TestClient {
        var router = Router()
        router.get("/f/:slug") { _, _ in .text("landing") }
        router.get("/static/*path") { _, _ in .text("asset") }
        router.get("/login") { _, _ in .text("sign in") }
        router.get("/") { _, _ in .text("home") }
        var configuration = WebResponder.Configuration(log: .discard)
        configuration.hostPartition = try HostPartition(
            primaryURL: "https://app.example.com", secondaryURL: "https://Go.Example.com:8443/",
            secondarySegments: ["f"], sharedSegments: ["static"])
        return TestClient(try WebResponder(router: router, configuration: configuration))
    }

    private func status(_ client: TestClient, _ target: String, host: String?) -> HTTPStatus {
        var headers: HTTPHeaders = [:]
        if let host { headers.add("Host", host) }
        var request = HTTPRequest(head: HTTPRequestHead(method: .get, target: target, headers: headers))
        if host == nil { request.head.version = .http1_0 }
        return client.send(request).status
    }

    @Test func eachHostServesOnlyItsPaths() throws {
        let client = try client()
        for host in ["go.example.com", "GO.example.com:8443", "go.example.com."] {
            #expect(status(client, "/f/spring", host: host) == .ok, "\(host)")
            #expect(status(client, "/login", host: host) == .notFound, "\(host)")
            #expect(status(client, "/", host: host) == .notFound, "\(host)")
        }
        for host in ["app.example.com", "app.example.com:443"] {
            #expect(status(client, "/login", host: host) == .ok, "\(host)")
            #expect(status(client, "/f/spring", host: host) == .notFound, "\(host)")
            // The router decodes segments, so an encoded `f` is still a landing path.
            #expect(status(client, "/%66/spring", host: host) == .notFound, "\(host)")
        }
        for host in ["app.example.com", "go.example.com", "10.0.0.7:8080"] {
            #expect(status(client, "/static/app.css", host: host) == .ok, "\(host)")
        }
        // A host that is neither gets neither.
        #expect(status(client, "/login", host: "evil.example") == .notFound)
        #expect(status(client, "/f/spring", host: "evil.example") == .notFound)
        #expect(status(client, "/login", host: nil) == .notFound)
    }

    @Test func anAbsoluteTargetNamesTheHost() throws {
        let client = try client()
        #expect(status(client, "https://go.example.com/f/spring", host: "app.example.com") == .ok)
        #expect(status(client, "https://app.example.com/f/spring", host: "go.example.com") == .notFound)
    }

    @Test func theTwoMustBeDifferentHosts() {
        #expect(throws: SiteHostError.self) {
            try HostPartition(primaryURL: "https://a.example", secondaryURL: "http://A.example:8080",
                              secondarySegments: ["f"], sharedSegments: [])
        }
        #expect(throws: SiteHostError.self) {
            try HostPartition(primaryURL: "https://a.example", secondaryURL: "go.example", secondarySegments: ["f"], sharedSegments: [])
        }
        #expect(throws: SiteHostError.self) {
            try HostPartition(primaryURL: "https://a.example", secondaryURL: "https://user@go.example", secondarySegments: ["f"], sharedSegments: [])
        }
    }
}
