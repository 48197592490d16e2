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
    /// the user, /flash adds a message, /read takes it, POST /change needs CSRF, /out ends it,
    /// /remember keeps a value (which starts a stored session).
    private func makeSetup(secure: Bool = false, idle: TimeInterval = 3600) throws -> Setup {
        let store = InMemorySessionStore()
        let configuration = SessionConfiguration(
            secure: secure, idleTimeout: idle, absoluteTimeout: 7200, formTokenKey: { Self.key })
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

    private static let key = Array("a test key for anonymous form tokens".utf8)

    /// The `name=value` pair of the Set-Cookie header for `name` (session or csrf).
    private static func cookie(_ response: TestResponse, _ name: String = "session") -> String? {
        for header in response.headers.values("Set-Cookie") {
            guard let pair = header.split(separator: ";").first, pair.hasPrefix(name + "=") else { continue }
            return String(pair)
        }
        return nil
    }

    /// A stored session (a kept value starts one) and its CSRF token.
    private func storedSession(_ setup: Setup) throws -> (cookie: String, csrf: String) {
        let cookie = try #require(Self.cookie(setup.client.get("/remember")))
        return (cookie, setup.client.get("/form", headers: ["Cookie": cookie]).text)
    }

    @Test func routesOutsideTheGroupGetNoCookie() throws {
        let setup = try makeSetup()
        #expect(setup.client.get("/open").headers["Set-Cookie"] == nil)
    }

    @Test func signInIssuesANewTokenAndStoresOnlyItsHash() throws {
        let setup = try makeSetup()
        let (anonymous, csrf) = try storedSession(setup)
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
        let plain = try makeSetup().client.get("/remember").headers["Set-Cookie"] ?? ""
        #expect(plain.hasPrefix("session="))
        #expect(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && plain.contains("Path=/"))
        #expect(!plain.contains("Secure") && !plain.contains("Domain"))
        let secure = try makeSetup(secure: true).client.get("/remember").headers["Set-Cookie"] ?? ""
        #expect(secure.hasPrefix("__Host-session="))
        #expect(secure.contains("Secure") && secure.contains("HttpOnly") && !secure.contains("Domain"))
        let form = try makeSetup().client.get("/form").headers["Set-Cookie"] ?? ""
        #expect(form.hasPrefix("csrf="))
        #expect(form.contains("HttpOnly") && form.contains("SameSite=Strict") && form.contains("Path=/") && !form.contains("Domain"))
        let secureForm = try makeSetup(secure: true).client.get("/form").headers["Set-Cookie"] ?? ""
        #expect(secureForm.hasPrefix("__Host-csrf=") && secureForm.contains("Secure"))
    }

    /// Showing a form to someone without a session stores nothing: the token travels in a
    /// signed cookie, and a browser that already holds a fresh one gets it again.
    @Test func anonymousFormsStoreNothing() throws {
        let setup = try makeSetup()
        for _ in 0..<200 {
            let page = setup.client.get("/form")
            #expect(Self.cookie(page) == nil)
            #expect(Self.cookie(page, "csrf") == "csrf=" + page.text)
            #expect(page.headers["Cache-Control"] == "no-store")
        }
        #expect(setup.store.count == 0)
        let first = setup.client.get("/form")
        let cookie = try #require(Self.cookie(first, "csrf"))
        let again = setup.client.get("/form", headers: ["Cookie": cookie])
        #expect(again.text == first.text)
        #expect(again.headers["Set-Cookie"] == nil)
        #expect(setup.store.count == 0)
    }

    @Test func anonymousTokensMustBeOursFreshAndMatching() throws {
        let setup = try makeSetup()
        let page = setup.client.get("/form")
        let cookie = try #require(Self.cookie(page, "csrf"))
        #expect(setup.client.post("/flash", form: [("csrf_token", page.text)], headers: ["Cookie": cookie]).status == .ok)

        // No cookie: the page says to allow cookies.
        let noCookie = setup.client.post("/flash", form: [("csrf_token", page.text)])
        #expect(noCookie.status == .forbidden)
        #expect(noCookie.text.contains("Allow cookies for this site"))
        // A token signed with another key, or one whose signature was edited.
        let forged = try SignedFormToken.issue(key: Array("someone else's key".utf8), now: Date())
        #expect(setup.client.post("/flash", form: [("csrf_token", forged)], headers: ["Cookie": "csrf=" + forged]).status == .forbidden)
        var characters = Array(page.text)
        characters[characters.count - 10] = characters[characters.count - 10] == "A" ? "B" : "A"
        let edited = String(characters)
        #expect(setup.client.post("/flash", form: [("csrf_token", edited)], headers: ["Cookie": "csrf=" + edited]).status == .forbidden)
        // Cookie and form disagree (a token from another browser).
        let other = setup.client.get("/form").text
        #expect(setup.client.post("/flash", form: [("csrf_token", other)], headers: ["Cookie": cookie]).status == .forbidden)
        // Older than the idle timeout (an hour here).
        let old = try SignedFormToken.issue(key: Self.key, now: Date().addingTimeInterval(-3700))
        let expired = setup.client.post("/flash", form: [("csrf_token", old)], headers: ["Cookie": "csrf=" + old])
        #expect(expired.status == .forbidden)
        #expect(expired.text.contains("open too long"))
        // A stale cookie is replaced when the form is shown again.
        let renewed = setup.client.get("/form", headers: ["Cookie": "csrf=" + old])
        #expect(renewed.text != old && Self.cookie(renewed, "csrf") == "csrf=" + renewed.text)
    }

    /// Once signed in, only the session's own token counts, and the anonymous cookie is dropped.
    @Test func signInRetiresTheAnonymousToken() throws {
        let setup = try makeSetup()
        let page = setup.client.get("/form")
        let anonymous = try #require(Self.cookie(page, "csrf"))
        let signIn = setup.client.post("/signin", form: [("csrf_token", page.text)], headers: ["Cookie": anonymous])
        #expect(signIn.status == .ok)
        #expect(signIn.headers.values("Set-Cookie").contains { $0.hasPrefix("csrf=;") && $0.contains("Max-Age=0") })
        let session = try #require(Self.cookie(signIn))
        let both = session + "; " + anonymous
        #expect(setup.client.post("/flash", form: [("csrf_token", page.text)], headers: ["Cookie": both]).status == .forbidden)
        let token = setup.client.get("/form", headers: ["Cookie": session]).text
        #expect(token != page.text)
        #expect(setup.client.post("/flash", form: [("csrf_token", token)], headers: ["Cookie": session]).status == .ok)
    }

    @Test func flashShowsOnce() throws {
        let setup = try makeSetup()
        let (cookie, csrf) = try storedSession(setup)
        _ = setup.client.post("/flash", form: [("csrf_token", csrf)], headers: ["Cookie": cookie])
        #expect(setup.client.get("/read", headers: ["Cookie": cookie]).text == "Saved.")
        #expect(setup.client.get("/read", headers: ["Cookie": cookie]).text == "")
    }

    @Test func aFlashWithoutASessionStartsOne() throws {
        let setup = try makeSetup()
        let page = setup.client.get("/form")
        let posted = setup.client.post("/flash", form: [("csrf_token", page.text)], headers: ["Cookie": try #require(Self.cookie(page, "csrf"))])
        let cookie = try #require(Self.cookie(posted))
        #expect(setup.client.get("/read", headers: ["Cookie": cookie]).text == "Saved.")
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
        let (cookie, csrf) = try storedSession(setup)
        let out = setup.client.post("/out", form: [("csrf_token", csrf)], headers: ["Cookie": cookie])
        #expect(out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(setup.store.count == 0)
    }

    @Test func idleSessionsExpire() throws {
        let setup = try makeSetup(idle: 0.001)
        let first = setup.client.get("/remember")
        let cookie = try #require(Self.cookie(first))
        let csrf = setup.client.get("/form", headers: ["Cookie": cookie]).text
        Thread.sleep(forTimeInterval: 0.01)
        // A form of the ended session is refused as such, not as a cookie problem.
        let stale = setup.client.post("/flash", form: [("csrf_token", csrf)], headers: ["Cookie": cookie])
        #expect(stale.status == .forbidden)
        #expect(stale.text.contains("Reload the page and try again") && !stale.text.contains("Allow cookies"))
        let later = setup.client.get("/who", headers: ["Cookie": cookie])
        #expect(later.text == "nobody")
        #expect(later.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(setup.store.count == 0)
    }

    @Test func csrfTokenIsRequiredOnPost() throws {
        let setup = try makeSetup()
        let (cookie, csrf) = try storedSession(setup)
        let missing = setup.client.post("/flash", form: [], headers: ["Cookie": cookie])
        #expect(missing.status == .forbidden)
        #expect(missing.text.contains("Reload the page and try again"))
        #expect(setup.client.post("/flash", form: [("csrf_token", "wrong")], headers: ["Cookie": cookie]).status == .forbidden)
        #expect(setup.client.post("/flash", form: [("csrf_token", csrf)]).status == .forbidden)
        let header = setup.client.request(.post, "/flash", headers: ["Cookie": cookie, "X-CSRF-Token": csrf])
        #expect(header.status == .ok)
    }

    @Test func foreignOriginIsRefused() throws {
        let setup = try makeSetup()
        let (cookie, csrf) = try storedSession(setup)
        let form = [("csrf_token", csrf)]
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Origin": "https://evil.example"]).status == .forbidden)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Referer": "http://evil.example/x"]).status == .forbidden)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Origin": "http://localhost:8080"]).status == .ok)
        #expect(setup.client.post("/flash", form: form, headers: ["Cookie": cookie, "Referer": "http://localhost:8080/app"]).status == .ok)
    }
}
