import Testing
@testable import HTTP

@Suite struct HTTPRequestParserTests {
    @Test func parsesASimpleGet() throws {
        let outcome = parse("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.events.count == 2)
        let head = try #require(outcome.heads.first)
        #expect(head.method == .get)
        #expect(head.target == "/a/b?x=1&y=%20")
        #expect(head.path == "/a/b")
        #expect(head.query == "x=1&y=%20")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "example.com")
        #expect(head.headers.count == 2)
        #expect(head.framing == BodyFraming.none)
        #expect(outcome.events.last == .end(trailers: [:]))
    }

    @Test func trimsOptionalWhitespaceAroundValuesOnly() throws {
        let head = try #require(parse("GET / HTTP/1.1\r\nHost:a\r\nX-A: \t one  two \t\r\nX-Empty:\r\n\r\n").heads.first)
        #expect(head.headers["X-A"] == "one  two")
        #expect(head.headers["X-Empty"] == "")
        #expect(head.headers["Host"] == "a")
    }

    @Test func keepsFieldOrderAndRepeatedFields() throws {
        let head = try #require(parse("GET / HTTP/1.1\r\nHost: a\r\nAccept: x\r\nCookie: a=1\r\naccept: y\r\n\r\n").heads.first)
        #expect(head.headers.values("Accept") == ["x", "y"])
        #expect(head.headers.fields.map(\.name) == ["Host", "Accept", "Cookie", "accept"])
    }

    @Test func acceptsAnyTokenAsMethod() throws {
        let head = try #require(parse("PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n").heads.first)
        #expect(head.method.rawValue == "PROPFIND")
        #expect(try #require(parse("DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n").heads.first).method == .delete)
    }

    @Test func acceptsObsTextInValues() throws {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: ".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)
        let head = try #require(parse(bytes: bytes).heads.first)
        #expect(head.headers["X-Name"] == "é")
    }

    @Test func acceptsAnEmptyHost() throws {
        #expect(parse("GET / HTTP/1.1\r\nHost:\r\n\r\n").error == nil)
        #expect(parse("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").error == nil)
    }

    @Test func http10NeedsNoHost() throws {
        let head = try #require(parse("GET / HTTP/1.0\r\n\r\n").heads.first)
        #expect(head.version == .http1_0)
    }

    @Test func ignoresUpToTwoEmptyLinesBeforeARequest() throws {
        let outcome = parse("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.count == 1)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n", true),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
    ])
    func decidesKeepAlive(request: String, keepAlive: Bool) throws {
        let head = try #require(parse(request).heads.first)
        #expect(head.keepAlive == keepAlive)
    }

    @Test func http10KeepAliveConnectionCarriesSeveralRequests() {
        let outcome = parse("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n")
        #expect(outcome.heads.map(\.keepAlive) == [true, false])
    }

    @Test func recognizes100ContinueInAnyCase() throws {
        let head = try #require(parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").heads.first)
        #expect(head.expectsContinue)
        #expect(!head.hasUnsupportedExpectation)
    }

    @Test func ignores100ContinueFromHTTP10Clients() throws {
        let head = try #require(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").heads.first)
        #expect(!head.expectsContinue)
    }

    @Test func leavesOtherExpectationsToTheServer() throws {
        let head = try #require(parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n\r\n").heads.first)
        #expect(!head.expectsContinue)
        #expect(head.hasUnsupportedExpectation)
    }

    @Test func acceptsAbsoluteFormTargets() throws {
        let head = try #require(parse("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n").heads.first)
        #expect(head.target == "http://example.com:8080/a/b?q=1")
        #expect(head.path == "/a/b")
        #expect(head.query == "q=1")
        let bare = try #require(parse("GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n").heads.first)
        #expect(bare.path == "/")
        #expect(bare.query == nil)
    }

    @Test func acceptsAsteriskFormForOptions() throws {
        let head = try #require(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").heads.first)
        #expect(head.method == .options)
        #expect(head.target == "*")
    }

    // MARK: - Content-Length bodies

    @Test func handsOutContentLengthBodiesAsTheyArrive() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc".utf8))
        #expect(try parser.next() != nil)
        #expect(try parser.next() == .body(Array("abc".utf8)))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
        parser.append(Array("defg".utf8))
        #expect(try parser.next() == .body(Array("defg".utf8)))
        #expect(try parser.next() == nil)
        parser.append(Array("hijGET".utf8))
        #expect(try parser.next() == .body(Array("hij".utf8)))
        #expect(try parser.next() == .end(trailers: [:]))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 3)
    }

    @Test func endsZeroLengthBodiesAtOnce() throws {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(outcome.events.count == 2)
        #expect(outcome.heads.first?.framing == .contentLength(0))
        #expect(outcome.events.last == .end(trailers: [:]))
    }

    @Test(arguments: ["5, 5", "5,5", "005"])
    func acceptsEquivalentContentLengthSpellings(_ value: String) throws {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\nhello")
        #expect(outcome.heads.first?.framing == .contentLength(5))
        #expect(outcome.body == Array("hello".utf8))
    }

    @Test func acceptsRepeatedIdenticalContentLengthFields() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nok")
        #expect(outcome.error == nil)
        #expect(outcome.body == Array("ok".utf8))
    }

    // MARK: - Chunked bodies

    @Test func decodesChunkedBodies() {
        let outcome = parse(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1A\r\n"
                + String(repeating: "z", count: 26) + "\r\n0\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.framing == .chunked)
        #expect(outcome.body == Array(("hello" + String(repeating: "z", count: 26)).utf8))
        #expect(outcome.events.last == .end(trailers: [:]))
    }

    @Test func acceptsTransferEncodingCaseInsensitivelyAndWithEmptyListElements() throws {
        let outcome = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , Chunked\r\n\r\n0\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.framing == .chunked)
    }

    @Test func skipsValidChunkExtensions() {
        let outcome = parse(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;name\r\nabc\r\n3 ; a=b ;c=\"x;\\\"y\"\r\ndef\r\n0;last=1\r\n\r\n")
        #expect(outcome.error == nil, "\(outcome)")
        #expect(outcome.body == Array("abcdef".utf8))
    }

    @Test func handsTrailersOutWithEndAndDropsFramingFields() {
        let outcome = parse(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n"
                + "X-Checksum: abc\r\nContent-Length: 99\r\nHost: evil\r\nTransfer-Encoding: gzip\r\nX-Other:  2 \r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.events.last == .end(trailers: ["X-Checksum": "abc", "X-Other": "2"]))
    }

    @Test func chunkDataIsHandedOutBeforeTheChunkEnds() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabcd".utf8))
        #expect(try parser.next()?.isHead == true)
        #expect(try parser.next() == .body(Array("abcd".utf8)))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    // MARK: - Pipelining

    @Test func parsesPipelinedRequestsInOrder() {
        let outcome = parse(pipelinedStream)
        #expect(outcome.error == nil, "\(outcome)")
        #expect(outcome.heads.map(\.target) == ["/one", "/two", "/three", "/four", "*"])
        #expect(outcome.normalized == expectedPipelineEvents)
    }

    @Test func isIdleOnlyBetweenRequests() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        parser.append(Array("GET / HT".utf8))
        #expect(try parser.next() == nil)
        #expect(!parser.isIdle)
        parser.append(Array("TP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(try parser.next()?.isHead == true)
        #expect(try parser.next() == .end(trailers: [:]))
        #expect(parser.isIdle)
    }

    // MARK: - Limits

    @Test func requestLineAtTheLimitIsAcceptedAndOneByteMoreIs414() {
        let limits = HTTPParserLimits(maxRequestLineBytes: 64)
        // "GET " + target + " HTTP/1.1\r\n" = 64 bytes.
        let target = "/" + String(repeating: "a", count: 64 - 4 - 11 - 1)
        let atLimit = parse("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits)
        #expect(atLimit.error == nil)
        let over = parse("GET \(target)a HTTP/1.1\r\nHost: a\r\n\r\n", limits: limits)
        #expect(over.errorKind == .requestLineTooLong)
        #expect(over.status == 414)
    }

    @Test func endlessRequestLineIsRefusedBeforeItEnds() {
        let outcome = parse(pieces: Array(repeating: Array(repeating: UInt8(ascii: "a"), count: 1000), count: 10))
        #expect(outcome.status == 414)
    }

    @Test func headerSectionAtTheLimitIsAcceptedAndOneByteMoreIs431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 100)
        // "Host: a\r\n" (9) + "X: " + filler + "\r\n" + final "\r\n" (2) = 100 bytes.
        let filler = String(repeating: "v", count: 100 - 9 - 5 - 2)
        let atLimit = parse("GET / HTTP/1.1\r\nHost: a\r\nX: \(filler)\r\n\r\n", limits: limits)
        #expect(atLimit.error == nil, "\(atLimit)")
        let over = parse("GET / HTTP/1.1\r\nHost: a\r\nX: \(filler)v\r\n\r\n", limits: limits)
        #expect(over.errorKind == .headerBlockTooLarge)
        #expect(over.status == 431)
    }

    @Test func defaultHeaderSectionLimitIs32KiB() {
        let filler = String(repeating: "v", count: 32 * 1024 - 9 - 5 - 2)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nX: \(filler)\r\n\r\n").error == nil)
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\nX: \(filler)v\r\n\r\n").status == 431)
    }

    @Test func headerCountAtTheLimitIsAcceptedAndOneMoreIs431() {
        let fields = (1..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n").error == nil)
        let over = parse("GET / HTTP/1.1\r\nHost: a\r\n\(fields)X-100: v\r\n\r\n")
        #expect(over.errorKind == .tooManyHeaderFields)
        #expect(over.status == 431)
    }

    @Test func buffersNoMoreThanOneIncompleteLine() throws {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxHeaderBytes: 1000))
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8))
        #expect(try parser.next() == nil)
        // 9 bytes of the 1000 are used; an incomplete line may take the other 991.
        parser.append(Array(repeating: UInt8(ascii: "x"), count: 991))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 991)
        parser.append([UInt8(ascii: "x")])
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }
}

extension HTTPParseEvent {
    var isHead: Bool {
        if case .head = self { return true }
        return false
    }
}
