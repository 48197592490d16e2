import Testing
@testable import HTTP

private let date = "Sun, 06 Nov 1994 08:49:37 GMT"

private func text(_ head: SerializedResponseHead) -> String {
    String(decoding: head.bytes, as: UTF8.self)
}

@Suite struct HTTPResponseSerializerTests {
    @Test func serializesABytesResponseByteForByte() {
        let response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: .bytes(Array("hello".utf8)))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: \(date)\r\nContent-Length: 5\r\n\r\n")
        #expect(head.bodyFraming == .contentLength(5))
        #expect(head.keepAlive)
        #expect(head.droppedFieldNames.isEmpty)
    }

    @Test func emptyBodySendsContentLengthZero() {
        let head = HTTPResponseSerializer.head(for: HTTPResponse(status: .created), answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 201 Created\r\nDate: \(date)\r\nContent-Length: 0\r\n\r\n")
        #expect(head.bodyFraming == .contentLength(0))
    }

    @Test func headKeepsContentLengthButSendsNoBody() {
        let response = HTTPResponse(body: .bytes(Array(repeating: 1, count: 1234)))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(isHeadRequest: true), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 1234\r\n\r\n")
        #expect(head.bodyFraming == .none)
    }

    @Test(arguments: [100, 204, 304])
    func statusesWithoutBodyGetNoFramingFields(code: Int) {
        let response = HTTPResponse(status: HTTPStatus(code: code), body: .bytes(Array("ignored".utf8)))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 \(HTTPStatus(code: code))\r\nDate: \(date)\r\n\r\n")
        #expect(head.bodyFraming == .none)
    }

    @Test func streamsAreChunkedForHTTP11() {
        let response = HTTPResponse(body: .stream { _ in })
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(head.bodyFraming == .chunked)
        #expect(head.keepAlive)
    }

    @Test func streamsToHTTP10AreDelimitedByClosing() {
        let response = HTTPResponse(body: .stream { _ in })
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(version: .http1_0, keepAlive: true), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nConnection: close\r\n\r\n")
        #expect(head.bodyFraming == .untilClose)
        #expect(!head.keepAlive)
    }

    @Test func http10KeepAliveIsConfirmed() {
        let head = HTTPResponseSerializer.head(
            for: .text("hi"), answering: ResponseContext(version: .http1_0, keepAlive: true), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: \(date)\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n")
        #expect(head.keepAlive)
    }

    @Test func closingConnectionsSayConnectionClose() {
        let head = HTTPResponseSerializer.head(for: HTTPResponse(), answering: ResponseContext(keepAlive: false), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(!head.keepAlive)
    }

    @Test func handlerConnectionCloseClosesTheConnection() {
        let response = HTTPResponse(headers: ["connection": "Close"])
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(!head.keepAlive)
    }

    @Test func replacesHandlerFramingFields() {
        let response = HTTPResponse(
            headers: ["Content-Length": "999", "Transfer-Encoding": "gzip", "Date": "yesterday", "X-A": "1"],
            body: .bytes([1, 2]))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nX-A: 1\r\nDate: \(date)\r\nContent-Length: 2\r\n\r\n")
    }

    @Test(arguments: ["a\r\nSet-Cookie: evil=1", "a\nb", "a\rb", "a\u{0}b", "a\u{7F}"])
    func dropsFieldsThatCouldSplitTheResponse(value: String) {
        let response = HTTPResponse(headers: HTTPHeaders([("Location", value), ("X-Ok", "fine")]))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nX-Ok: fine\r\nDate: \(date)\r\nContent-Length: 0\r\n\r\n")
        #expect(head.droppedFieldNames == ["Location"])
    }

    @Test func dropsFieldsWithInvalidNames() {
        let response = HTTPResponse(headers: HTTPHeaders([("Bad Name", "v"), ("X\r\nY", "v"), ("", "v")]))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head) == "HTTP/1.1 200 OK\r\nDate: \(date)\r\nContent-Length: 0\r\n\r\n")
        #expect(head.droppedFieldNames == ["Bad Name", "X\r\nY", ""])
    }

    @Test func replacesAnUnsafeReasonPhrase() {
        let response = HTTPResponse(status: HTTPStatus(code: 404, reason: "Gone\r\nX: y"))
        let head = HTTPResponseSerializer.head(for: response, answering: ResponseContext(), date: date)
        #expect(text(head).hasPrefix("HTTP/1.1 404 Not Found\r\n"))
    }

    @Test func writesChunkFraming() {
        #expect(HTTPResponseSerializer.chunk(Array("hello".utf8)) == Array("5\r\nhello\r\n".utf8))
        #expect(HTTPResponseSerializer.chunkHeader(count: 255) == Array("ff\r\n".utf8))
        #expect(HTTPResponseSerializer.chunkHeader(count: 4096) == Array("1000\r\n".utf8))
        #expect(HTTPResponseSerializer.chunk([]) == [])
        #expect(HTTPResponseSerializer.lastChunk == Array("0\r\n\r\n".utf8))
        #expect(HTTPResponseSerializer.continueResponse == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    @Test func chunkFramingParsesBack() throws {
        let pieces: [[UInt8]] = [Array("first ".utf8), Array(repeating: 0x41, count: 300), Array(" end".utf8)]
        var stream = Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for piece in pieces { stream += HTTPResponseSerializer.chunk(piece) }
        stream += HTTPResponseSerializer.lastChunk
        let outcome = parse(bytes: stream)
        #expect(outcome.error == nil)
        #expect(outcome.body == pieces.flatMap { $0 })
    }

    @Test func contextFollowsTheRequestHead() {
        let head = HTTPRequestHead(method: .head, target: "/", version: .http1_0, keepAlive: false)
        #expect(ResponseContext(head) == ResponseContext(version: .http1_0, keepAlive: false, isHeadRequest: true))
    }
}
