import HTTP
import HTTPServer
import Testing
import Web

@Suite struct ClientAddressTests {
    let proxies: TrustedProxies

    init() throws {
        proxies = try TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8")
    }

    func client(peer: String, _ forwardedFor: [String]) -> String {
        ClientAddress.resolve(peer: peer, forwardedFor: forwardedFor, trusted: proxies)
    }

    @Test func oneTrustedHopNamesTheClient() {
        #expect(client(peer: "127.0.0.1", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client(peer: "::1", ["2001:DB8::0:5"]) == "2001:db8::5")
        #expect(client(peer: "::ffff:127.0.0.1", ["203.0.113.5"]) == "203.0.113.5")
    }

    @Test func trustedHopsAreSkippedFromTheRight() {
        #expect(client(peer: "10.0.0.2", ["203.0.113.5, 198.51.100.7, 10.1.1.1, fd00::9"]) == "198.51.100.7")
    }

    @Test func whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        #expect(client(peer: "127.0.0.1", ["10.0.0.7, 10.0.0.8"]) == "10.0.0.7")
    }

    @Test func anUntrustedPeersHeaderIsIgnored() {
        #expect(client(peer: "203.0.113.9", ["198.51.100.1"]) == "203.0.113.9")
        #expect(client(peer: "203.0.113.9", ["127.0.0.1"]) == "203.0.113.9")
        // A spoofed entry on the left of a real chain is not believed either.
        #expect(client(peer: "127.0.0.1", ["1.1.1.1, 203.0.113.9"]) == "203.0.113.9")
    }

    @Test func withNoTrustedProxiesThePeerIsTheClient() {
        let nobody = ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: ["203.0.113.5"], trusted: TrustedProxies())
        #expect(nobody == "127.0.0.1")
        #expect(client(peer: "127.0.0.1", []) == "127.0.0.1")
    }

    @Test func aMalformedEntryStopsTheWalkAtTheLastGoodAddress() {
        #expect(client(peer: "127.0.0.1", ["<script>"]) == "127.0.0.1")
        #expect(client(peer: "127.0.0.1", ["198.51.100.3, unknown, 10.0.0.4"]) == "10.0.0.4")
        #expect(client(peer: "127.0.0.1", ["198.51.100.3,, 10.0.0.4"]) == "10.0.0.4")
        #expect(client(peer: "127.0.0.1", [""]) == "127.0.0.1")
        #expect(client(peer: "127.0.0.1", ["198.51.100.3, 999.0.0.1"]) == "127.0.0.1")
    }

    @Test func portsAndBracketsAreUnderstood() {
        #expect(client(peer: "127.0.0.1", ["203.0.113.5:4711"]) == "203.0.113.5")
        #expect(client(peer: "127.0.0.1", ["[2001:db8::7]:443"]) == "2001:db8::7")
        #expect(client(peer: "127.0.0.1", ["[2001:db8::7]"]) == "2001:db8::7")
        #expect(client(peer: "127.0.0.1", ["[2001:db8::7]x"]) == "127.0.0.1")
        #expect(client(peer: "127.0.0.1", ["203.0.113.5:http"]) == "127.0.0.1")
    }

    @Test func severalHeaderLinesAreOneListInOrder() {
        #expect(client(peer: "127.0.0.1", ["203.0.113.5", "198.51.100.7, 10.0.0.1"]) == "198.51.100.7")
        #expect(client(peer: "127.0.0.1", ["203.0.113.5, 10.0.0.9", "10.0.0.1"]) == "203.0.113.5")
    }
}

/// The address reaches handlers and the access log through `WebResponder`.
@Suite struct TrustedProxyResponderTests {
    func responder(trusting list: String) throws -> WebResponder {
        var router = Router()
        router.get("/whoami") { _, context in HTTPResponse.text(context.remoteAddress) }
        return try WebResponder(router: router, configuration: .init(trustedProxies: try TrustedProxies(parsing: list)))
    }

    @Test func handlersSeeTheForwardedClientOnlyBehindATrustedProxy() throws {
        let trusting = TestClient(try responder(trusting: "127.0.0.1"), remoteAddress: "127.0.0.1")
        #expect(trusting.get("/whoami", headers: ["X-Forwarded-For": "203.0.113.5"]).text == "203.0.113.5")
        let stranger = TestClient(try responder(trusting: "127.0.0.1"), remoteAddress: "198.51.100.2")
        #expect(stranger.get("/whoami", headers: ["X-Forwarded-For": "203.0.113.5"]).text == "198.51.100.2")
        let nobody = TestClient(try responder(trusting: ""), remoteAddress: "127.0.0.1")
        #expect(nobody.get("/whoami", headers: ["X-Forwarded-For": "203.0.113.5"]).text == "127.0.0.1")
    }

    @Test func theAccessLineNamesTheForwardedClient() throws {
        let entry = AccessLogEntry(
            method: .get, target: "/", status: 200, bytes: 0, duration: .zero, remoteAddress: "10.0.0.1",
            forwardedFor: ["203.0.113.5"])
        #expect(AccessLogLine.format(entry, trustedProxies: try TrustedProxies(parsing: "10.0.0.0/8")).contains(" 203.0.113.5 GET /"))
        #expect(AccessLogLine.format(entry).contains(" 10.0.0.1 GET /"))
    }
}
