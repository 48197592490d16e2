import Foundation
import HTTP
import Testing
@testable import Web

@Suite struct RouterTests {
    private func client(_ build: (inout Router) -> Void) throws -> TestClient {
        var router = Router()
        build(&router)
        let responder = try WebResponder(router: router, configuration: .init(log: .discard))
        return TestClient(responder)
    }

    @Test func matchesLiteralAndParameterSegments() throws {
        let client = try client { router in
            router.get("/healthz") { _, _ in .text("ok") }
            router.get("/app/leads/:id") { _, context in
                .text("lead \(try context.parameters.int64("id"))")
            }
        }
        #expect(client.get("/healthz").text == "ok")
        #expect(client.get("/app/leads/42").text == "lead 42")
        #expect(client.get("/app/leads/42?tab=notes").text == "lead 42")
    }

    @Test func parameterThatIsNotANumberIsNotFound() throws {
        let client = try client { router in
            router.get("/leads/:id") { _, context in .text("\(try context.parameters.int64("id"))") }
        }
        #expect(client.get("/leads/abc").status == .notFound)
        #expect(client.get("/leads/+5").status == .notFound)
        #expect(client.get("/leads/99999999999999999999").status == .notFound)
        #expect(client.get("/leads/-3").text == "-3")
    }

    @Test func uuidParameters() throws {
        let client = try client { router in
            router.get("/forms/:id") { _, context in .text(try context.parameters.uuid("id").uuidString) }
        }
        #expect(client.get("/forms/6ba7b810-9dad-11d1-80b4-00c04fd430c8").text == "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")
        #expect(client.get("/forms/not-a-uuid").status == .notFound)
    }

    @Test func unknownPathsAreNotFound() throws {
        let client = try client { router in
            router.get("/healthz") { _, _ in .text("ok") }
        }
        #expect(client.get("/").status == .notFound)
        #expect(client.get("/nope").status == .notFound)
        #expect(client.get("/healthz/").status == .notFound)
        #expect(client.get("//healthz").status == .notFound)
        #expect(client.get("/healthz/extra").status == .notFound)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let client = try client { router in
            router.get("/leads") { _, _ in .text("list") }
            router.post("/leads") { _, _ in .text("created") }
        }
        let response = client.request(.delete, "/leads")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
    }

    @Test func headIsAnsweredByGetWithoutBody() throws {
        let client = try client { router in
            router.get("/page") { _, _ in .text("hello") }
        }
        let response = client.head("/page")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.body.isEmpty)
    }

    @Test func optionsListsAllowedMethods() throws {
        let client = try client { router in
            router.get("/leads/:id") { _, _ in .text("x") }
            router.delete("/leads/:id") { _, _ in .text("x") }
        }
        let response = client.request(.options, "/leads/3")
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, DELETE, OPTIONS")
    }

    @Test func literalsWinAndBranchesBacktrack() throws {
        let client = try client { router in
            router.get("/leads/new") { _, _ in .text("new form") }
            router.get("/leads/:id") { _, context in .text("show \(try context.parameters.string("id"))") }
            router.get("/leads/:id/edit") { _, context in .text("edit \(try context.parameters.string("id"))") }
            router.get("/files/*rest") { _, context in .text("rest \(try context.parameters.string("rest"))") }
        }
        #expect(client.get("/leads/new").text == "new form")
        #expect(client.get("/leads/7").text == "show 7")
        #expect(client.get("/leads/new/edit").text == "edit new")
        #expect(client.get("/files/a/b/c.txt").text == "rest a/b/c.txt")
        #expect(client.get("/files").status == .notFound)
    }

    @Test func segmentsArePercentDecoded() throws {
        let client = try client { router in
            router.get("/tags/:name") { _, context in .text(try context.parameters.string("name")) }
            router.get("/caf\u{e9}") { _, _ in .text("literal") }
        }
        #expect(client.get("/tags/spring%20sale").text == "spring sale")
        #expect(client.get("/tags/a+b").text == "a+b")
        #expect(client.get("/caf%C3%A9").text == "literal")
    }

    @Test func dangerousParameterValuesAreRefused() throws {
        let client = try client { router in
            router.get("/tags/:name") { _, context in .text(try context.parameters.string("name")) }
            router.get("/files/*rest") { _, context in .text(try context.parameters.string("rest")) }
        }
        for target in [
            "/tags/..", "/tags/%2e%2e", "/tags/%2E.", "/tags/.", "/tags/a%2Fb", "/tags/a%5Cb",
            "/tags/a%00b", "/tags/%zz", "/tags/%C0%AE", "/files/a/../b", "/files/a/%2e%2e/b",
            "/files/a//b", "/files/a%2F..%2Fb",
        ] {
            #expect(client.get(target).status == .notFound, "\(target)")
        }
    }

    @Test func absoluteFormTargetsRouteByPath() throws {
        let client = try client { router in
            router.get("/healthz") { _, _ in .text("ok") }
        }
        #expect(client.get("http://example.com/healthz").text == "ok")
        #expect(client.get("*").status == .notFound)
    }

    @Test func groupsSharePrefixAndMiddleware() throws {
        let tagger = ClosureMiddleware { request, context, next in
            var response = try next(request, context)
            response.headers.add("X-Group", "app")
            return response
        }
        let client = try client { router in
            router.get("/") { _, _ in .text("home") }
            router.group("/app", middleware: [tagger]) { app in
                app.get("/") { _, _ in .text("app home") }
                app.group("/leads") { leads in
                    leads.get("/:id") { _, context in .text("lead \(try context.parameters.int("id"))") }
                }
            }
        }
        #expect(client.get("/").text == "home")
        #expect(client.get("/").headers["X-Group"] == nil)
        #expect(client.get("/app").text == "app home")
        #expect(client.get("/app").headers["X-Group"] == "app")
        #expect(client.get("/app/leads/5").text == "lead 5")
        #expect(client.get("/app/leads/5").headers["X-Group"] == "app")
    }

    @Test func routeContextCarriesPatternAndQuery() throws {
        let client = try client { router in
            router.get("/search/:kind") { _, context in
                let page = try context.query.optionalInt("page") ?? 1
                return .text("\(context.route ?? "-") \(try context.query.string("q")) \(page)")
            }
        }
        #expect(client.get("/search/leads?q=acme+corp&page=2").text == "/search/:kind acme corp 2")
        #expect(client.get("/search/leads?q=x&page=two").status == .badRequest)
        #expect(client.get("/search/leads").status == .badRequest)
    }

    @Test func routesCanRaiseTheirBodyLimit() throws {
        var router = Router()
        router.post("/small") { _, _ in .text("ok") }
        router.post("/upload", bodyLimit: 10_000) { request, _ in .text("\(request.body.count)") }
        let responder = try WebResponder(router: router, configuration: .init(defaultBodyLimit: 100, log: .discard))
        let client = TestClient(responder)
        let big = [UInt8](repeating: 65, count: 5_000)
        #expect(client.request(.post, "/small", body: big).status == .contentTooLarge)
        #expect(client.request(.post, "/upload", body: big).text == "5000")
        #expect(responder.bodyLimit(for: HTTPRequestHead(method: .post, target: "/upload")) == 10_000)
        #expect(responder.bodyLimit(for: HTTPRequestHead(method: .post, target: "/elsewhere")) == 100)
    }

    @Test func malformedPatternsAndDuplicatesFailStartUp() {
        func compile(_ build: (inout Router) -> Void) throws {
            var router = Router()
            build(&router)
            _ = try WebResponder(router: router)
        }
        #expect(throws: RouteError.self) { try compile { $0.get("no-slash") { _, _ in .text("") } } }
        #expect(throws: RouteError.self) { try compile { $0.get("/a//b") { _, _ in .text("") } } }
        #expect(throws: RouteError.self) { try compile { $0.get("/*rest/more") { _, _ in .text("") } } }
        #expect(throws: RouteError.self) { try compile { $0.get("/:") { _, _ in .text("") } } }
        #expect(throws: RouteError.self) {
            try compile { router in
                router.get("/a/:id") { _, _ in .text("") }
                router.get("/a/:id") { _, _ in .text("") }
            }
        }
        #expect(throws: RouteError.self) {
            try compile { router in
                router.get("/a/:id") { _, _ in .text("") }
                router.get("/a/:slug/edit") { _, _ in .text("") }
            }
        }
    }
}
