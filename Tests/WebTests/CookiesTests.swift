import HTTP
import Testing
@testable import Web

@Suite struct CookiesTests {
    @Test func parsesTheCookieHeader() {
        let cookies = RequestCookies(headers: ["Cookie": "a=1; session=\"abc\";broken; =x; a=2"])
        #expect(cookies["a"] == "1")
        #expect(cookies["session"] == "abc")
        #expect(cookies["broken"] == nil)
        #expect(cookies.values.count == 2)
    }

    @Test func serializesAttributes() {
        var cookie = SetCookie(name: "session", value: "tok")
        cookie.maxAge = 3600
        #expect(cookie.headerValue == "session=tok; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax")
        cookie.secure = true
        cookie.sameSite = .strict
        #expect(cookie.headerValue == "session=tok; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict")
    }

    @Test func hostPrefixForcesSecurePathAndNoDomain() {
        var cookie = SetCookie(name: "__Host-session", value: "tok")
        cookie.domain = "example.com"
        cookie.path = "/app"
        #expect(cookie.headerValue == "__Host-session=tok; Path=/; Secure; HttpOnly; SameSite=Lax")
    }

    @Test func expiringCookieDeletesAtOnce() {
        let value = SetCookie.expiring("session", secure: false).headerValue
        #expect(value.contains("session=;"))
        #expect(value.contains("Max-Age=0"))
        #expect(value.contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
    }
}
