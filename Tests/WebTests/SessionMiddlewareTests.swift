import Foundation
import HTTP
import Testing
@testable import Web

@Suite struct SessionMiddlewareTests {
    struct Setup {
        let store: InMemorySessionStore
        let client: TestClient
    }

    /// Routes: /form shows the CSRF token, /signin starts a signed-in session, /who shows
    /// the user, /flash adds a message, /read takes it, POST /change needs CSRF, /out ends it.
    private func makeSetup(secure: Bool = false, idle: TimeInterval = 3600) throws -> Setup {
        let store = InMemorySessionStore()
        let configuration = SessionConfiguration(secure: secure, idleTimeout: idle, absoluteTimeout: 7200)
        var router = Router()
        router.get("/open") { _, _ in .text("no session here") }
        router.group("", middleware: [
            SessionMiddleware(store: store, configuration: configuration),
            CSRFMiddleware(baseURL: "http://localhost:8080/"),
        ]) { group in
            group.get("/form") { _, context in .text(try context.session?.csrfToken() ?? "") }
            group.post("/signin") { _, context in
                try context.session?.startSignedIn(userID: 7, organizationID: 1, ipAddress: nil, userAgent: nil)
                return .text("ok")
            }
            group.get("/remember") { _, context in
                try context.session?.setValue("s-123", forKey: "state")
                return .text("ok")
            }
            group.get("/recall") { _, context in .text(context.session?.removeValue(forKey: "state") ?? "none") }
            group.get("/who") { _, context in .text(context.session?.userID.map(String.init) ?? "nobody") }
            group.post("/flash") { _, context in
                try context.session?.flash(.success, "Saved.")
                return .text("ok")
            }
            group.get("/read") { _, context in .text(context.session?.takeFlash().map(\.message).joined() ?? "") }
            group.post("/out") { _, context in
                context.session?.end()
                return .text("bye")
            }
        }
        return Setup(store: store, client: TestClient(try WebResponder(router: router, configuration: .init(log: .discard))))
    }

    private static func cookie(_ response: TestResponse) -> String? {
        guard let header = response.headers["Set-Cookie"], let pair = header.split(separator: ";").first else { return nil }
        return String(pair)
    }

    @Test func routesOutsideTheGroupGetNoCookie() throws {
        let setup = try makeSetup()
        #expect(setup.client.get("/open").headers["Set-Cookie"] == nil)
    }

    @Test func signInIssuesANewTokenAndStoresOnlyItsHash() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/form")
        let anonymous = try #require(Self.cookie(first))
        let csrf = first.text
        let token = String(anonymous.dropFirst("session=".count))
        #expect(try setup.store.load(id: token) == nil)
        #expect(try setup.store.load(id: SessionToken.id(of: token)) != nil)

        let signIn = setup.client.post("/signin", form: [("csrf_token", csrf)], headers: ["Cookie": anonymous])
        #expect(signIn.status == .ok)
        let signedIn = try #require(Self.cookie(signIn))
        #expect(signedIn != anonymous)
        #expect(setup.store.count == 1)
        #expect(setup.client.get("/who", headers: ["Cookie": signedIn]).text == "7")
        // The pre-sign-in token is worthless now.
        #expect(setup.client.get("/who", headers: ["Cookie": anonymous]).text == "nobody")
    }

    @Test func cookieAttributesFollowTheScheme() throws {
        let plain = try makeSetup().client.get("/form").headers["Set-Cookie"] ?? ""
        #expect(plain.hasPrefix("session="))
        #expect(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && plain.contains("Path=/"))
        #expect(!plain.contains("Secure"))
        let secure = try makeSetup(secure: true).client.get("/form").headers["Set-Cookie"] ?? ""
        #expect(secure.hasPrefix("__Host-session="))
        #expect(secure.contains("Secure") && secure.contains("HttpOnly"))
    }

    @Test func flashShowsOnce() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first))
        _ = setup.client.post("/flash", form: [("csrf_token", first.text)], headers: ["Cookie": cookie])
        #expect(setup.client.get("/read", headers: ["Cookie": cookie]).text == "Saved.")
        #expect(setup.client.get("/read", headers: ["Cookie": cookie]).text == "")
    }

    @Test func valuesAreKeptUntilTaken() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/remember")
        let cookie = try #require(Self.cookie(first))
        #expect(setup.client.get("/recall", headers: ["Cookie": cookie]).text == "s-123")
        #expect(setup.client.get("/recall", headers: ["Cookie": cookie]).text == "none")
    }

    @Test func signOutDeletesTheSessionServerSide() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first))
        let out = setup.client.post("/out", form: [("csrf_token", first.text)], headers: ["Cookie": cookie])
        #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(setup.store.count == 0)
    }

    @Test func idleSessionsExpire() throws {
        let setup = try makeSetup(idle: 0.001)
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first))
        Thread.sleep(forTimeInterval: 0.01)
        let later = setup.client.get("/who", headers: ["Cookie": cookie])
        #expect(later.text == "nobody")
        #expect(later.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(setup.store.count == 0)
    }

    @Test func csrfTokenIsRequiredOnPost() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first))
        let missing = setup.client.post("/flash", form: [], headers: ["Cookie": cookie])
        #expect(missing.status == .forbidden)
        #expect(missing.text.contains("Reload the page and try again"))
        #expect(setup.client.post("/flash", form: [("csrf_token", "wrong")], headers: ["Cookie": cookie]).status == .forbidden)
        #expect(setup.client.post("/flash", form: [("csrf_token", first.text)]).status == .forbidden)
        let header = setup.client.request(.post, "/flash", headers: ["Cookie": cookie, "X-CSRF-Token": first.text])
        #expect(header.status == .ok)
    }

    @Test func foreignOriginIsRefused() throws {
        let setup = try makeSetup()
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first))
        let form = [("csrf_token", first.text)]
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Origin": "https://evil.example"]).status == .forbidden)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Referer": "http://evil.example/x"]).status == .forbidden)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Origin": "http://localhost:8080"]).status == .ok)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Referer": "http://localhost:8080/app"]).status == .ok)
    }
}
