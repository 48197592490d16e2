import Testing
@testable import HTTP

@Suite struct HTTPRequestParserTests {
    @Test func simpleGet() {
        let outcome = parse("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nX-A:  v  \r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 2)
        let head = outcome.heads.first
        #expect(head?.method == .get)
        #expect(head?.target == "/a?b=1")
        #expect(head?.headers["x-a"] == "v")
        #expect(head?.keepAlive == true)
        #expect(head?.framing == BodyFraming.none)
    }

    @Test func chunked() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=\"y\"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
        #expect(outcome.error == nil, "\(outcome)")
        #expect(outcome.body == Array("hello".utf8))
        #expect(outcome.events.last == .end(trailers: ["X-T": "1"]))
    }
}
