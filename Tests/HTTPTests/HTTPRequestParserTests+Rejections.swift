import Testing
@testable import HTTP

/// One hostile or malformed input and the answer the parser must give.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    var label: String
    var request: String
    var kind: HTTPParseError.Kind
    var status: Int

    init(_ label: String, _ request: String, _ kind: HTTPParseError.Kind, status: Int = 400) {
        self.label = label
        self.request = request
        self.kind = kind
        self.status = status
    }

    var testDescription: String { label }
}

private let chunkedHead = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"

@Suite struct HTTPRequestParserRejectionTests {
    static let requestLineCases: [RejectionCase] = [
        .init("bare LF ends the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", .bareLineFeed),
        .init("bare LF ends a field line", "GET / HTTP/1.1\r\nHost: a\n\r\n", .bareLineFeed),
        .init("bare LF ends the head", "GET / HTTP/1.1\r\nHost: a\r\n\n", .bareLineFeed),
        .init("bare CR inside the target", "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n", .bareCarriageReturn),
        .init("bare CR after the version", "GET / HTTP/1.1\r\rHost: a\r\n\r\n", .bareCarriageReturn),
        .init("three empty lines before the request line", "\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .tooManyEmptyLines),
        .init("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", .missingMethod),
        .init("two spaces after the method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("two spaces before the version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("a fourth part", "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("no version", "GET /\r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("method only", "GET\r\nHost: a\r\n\r\n", .malformedRequestLine),
        .init("tab between method and target", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethodCharacter),
        .init("parenthesis in the method", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethodCharacter),
        .init("non-ASCII method", "GÉT / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethodCharacter),
        .init("control character in the target", "GET /a\u{01}b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTargetCharacter),
        .init("DEL in the target", "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTargetCharacter),
        .init("non-ASCII target", "GET /café HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTargetCharacter),
        .init("fragment in the target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTargetCharacter),
        .init("percent without hex digits", "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", .invalidPercentEscape),
        .init("truncated percent escape", "GET /a%4 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidPercentEscape),
        .init("relative target", "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", .unsupportedTargetForm),
        .init("authority form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n", .unsupportedTargetForm),
        .init("absolute form with another scheme", "GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n", .unsupportedTargetForm),
        .init("absolute form without authority", "GET http:///b HTTP/1.1\r\nHost: a\r\n\r\n", .unsupportedTargetForm),
        .init("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", .asteriskTargetWithoutOptions),
        .init("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion, status: 505),
        .init("HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", .unsupportedVersion, status: 505),
        .init("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", .unsupportedVersion, status: 505),
        .init("HTTP/1.x", "GET / HTTP/1.x\r\nHost: a\r\n\r\n", .malformedVersion),
        .init("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", .malformedVersion),
        .init("two-digit minor version", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", .malformedVersion),
        .init("version without dot", "GET / HTTP/11\r\nHost: a\r\n\r\n", .malformedVersion),
    ]

    static let fieldCases: [RejectionCase] = [
        .init("space between name and colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", .whitespaceBeforeColon),
        .init("tab between name and colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n", .whitespaceBeforeColon),
        .init("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", .obsoleteLineFolding),
        .init("obs-fold with tab", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", .obsoleteLineFolding),
        .init("first field starts with whitespace", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsoleteLineFolding),
        .init("field without name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", .missingFieldName),
        .init("field without colon", "GET / HTTP/1.1\r\nHost: a\r\nXA\r\n\r\n", .invalidFieldNameCharacter),
        .init("parenthesis in a name", "GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", .invalidFieldNameCharacter),
        .init("non-ASCII name", "GET / HTTP/1.1\r\nHost: a\r\nXé: b\r\n\r\n", .invalidFieldNameCharacter),
        .init("NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", .nulInFieldValue),
        .init("control character in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1B}c\r\n\r\n", .controlCharacterInFieldValue),
        .init("DEL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{7F}\r\n\r\n", .controlCharacterInFieldValue),
        .init("bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", .bareCarriageReturn),
        .init("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", .missingHost),
        .init("repeated Host", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", .repeatedHost),
        .init("repeated Host in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .repeatedHost),
        .init("Host list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", .invalidHost),
        .init("space inside Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost),
        .init("path in Host", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHost),
    ]

    static let framingCases: [RejectionCase] = [
        .init("Content-Length with plus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", .invalidContentLength),
        .init("negative Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n", .invalidContentLength),
        .init("hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n", .invalidContentLength),
        .init("space inside Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n", .invalidContentLength),
        .init("decimal Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5.0\r\n\r\n", .invalidContentLength),
        .init("empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", .invalidContentLength),
        .init("Content-Length list with an empty element", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\n", .invalidContentLength),
        .init("Content-Length list with different values", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", .differingContentLengths),
        .init("two differing Content-Length fields", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", .differingContentLengths),
        .init("Content-Length overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", .contentLengthOverflow),
        .init("Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", .contentLengthWithTransferEncoding),
        .init("Transfer-Encoding then Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n", .contentLengthWithTransferEncoding),
        .init("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
        .init("Transfer-Encoding gzip only", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .chunkedNotLast),
        .init("chunked before gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", .chunkedNotLast),
        .init("chunked in an earlier field", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", .chunkedNotLast),
        .init("gzip before chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferCoding, status: 501),
        .init("unknown coding before chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: x-custom;level=1, chunked\r\n\r\n", .unsupportedTransferCoding, status: 501),
        .init("chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .malformedTransferEncoding),
        .init("empty Transfer-Encoding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", .malformedTransferEncoding),
        .init("chunked with a parameter", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;q=1\r\n\r\n", .malformedTransferEncoding),
        .init("space inside a coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunk ed\r\n\r\n", .malformedTransferEncoding),
        .init("non-token coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", .malformedTransferEncoding),
    ]

    static let chunkedCases: [RejectionCase] = [
        .init("non-hex chunk size", chunkedHead + "zz\r\n", .invalidChunkSize),
        .init("empty chunk size", chunkedHead + "\r\n", .invalidChunkSize),
        .init("chunk size with leading space", chunkedHead + " 5\r\nhello\r\n", .invalidChunkSize),
        .init("negative chunk size", chunkedHead + "-5\r\n", .invalidChunkSize),
        .init("chunk size with 0x", chunkedHead + "0x5\r\nhello\r\n", .invalidChunkExtension),
        .init("chunk size with seventeen digits", chunkedHead + "00000000000000005\r\nhello\r\n", .chunkSizeTooLong),
        .init("chunk size overflow", chunkedHead + "FFFFFFFFFFFFFFFF\r\n", .chunkSizeOverflow),
        .init("chunk data longer than its size", chunkedHead + "5\r\nhelloX\r\n0\r\n\r\n", .missingChunkDataTerminator),
        .init("chunk data followed by bare LF", chunkedHead + "5\r\nhello\n0\r\n\r\n", .missingChunkDataTerminator),
        .init("bare LF after chunk size", chunkedHead + "5\nhello\r\n", .bareLineFeed),
        .init("extension without name", chunkedHead + "5;\r\nhello\r\n", .invalidChunkExtension),
        .init("extension without value", chunkedHead + "5;a=\r\nhello\r\n", .invalidChunkExtension),
        .init("extension with unterminated quote", chunkedHead + "5;a=\"x\r\nhello\r\n", .invalidChunkExtension),
        .init("whitespace after size without extension", chunkedHead + "5 \r\nhello\r\n", .invalidChunkExtension),
        .init("extension too long", chunkedHead + "5;a=" + String(repeating: "b", count: 1100) + "\r\nhello\r\n", .chunkLineTooLong),
        .init("obs-fold in trailers", chunkedHead + "0\r\nX-T: 1\r\n 2\r\n\r\n", .obsoleteLineFolding),
        .init("whitespace before colon in trailers", chunkedHead + "0\r\nX-T : 1\r\n\r\n", .whitespaceBeforeColon),
        .init("trailer section too large", chunkedHead + "0\r\nX-T: " + String(repeating: "t", count: 9000) + "\r\n\r\n", .trailerSectionTooLarge, status: 431),
    ]

    @Test(arguments: requestLineCases)
    func rejectsMalformedRequestLines(_ rejection: RejectionCase) {
        expectRejection(rejection)
    }

    @Test(arguments: fieldCases)
    func rejectsMalformedFields(_ rejection: RejectionCase) {
        expectRejection(rejection)
    }

    @Test(arguments: framingCases)
    func rejectsAmbiguousFraming(_ rejection: RejectionCase) {
        expectRejection(rejection)
    }

    @Test(arguments: chunkedCases)
    func rejectsMalformedChunkedBodies(_ rejection: RejectionCase) {
        expectRejection(rejection)
    }

    private func expectRejection(_ rejection: RejectionCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(rejection.request.utf8)
        let whole = parse(bytes: bytes)
        #expect(whole.errorKind == rejection.kind, "\(whole)", sourceLocation: sourceLocation)
        #expect(whole.status == rejection.status, sourceLocation: sourceLocation)
        // The same answer when the bytes trickle in.
        let trickled = parseByteByByte(bytes)
        #expect(trickled.error == whole.error, "\(trickled)", sourceLocation: sourceLocation)
    }

    @Test func errorsCarryLineAndColumn() throws {
        let error = try #require(parse("GET / HTTP/1.1\r\nHost: a\r\nX-Name : v\r\n\r\n").error)
        #expect(error.line == 3)
        #expect(error.column == 7)
        #expect(error.description == "line 3, column 7: whitespace between field name and colon")
        #expect(error.status == .badRequest)
    }

    @Test func refusesAllInputAfterAnError() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost : a\r\n\r\n".utf8))
        let first = #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.bufferedByteCount == 0)
        let second = #expect(throws: HTTPParseError.self) { try parser.next() }
        #expect(first == second)
    }

    @Test func earlierRequestsOfAPipelineSurviveALaterError() {
        let outcome = parse("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /bad HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
        #expect(outcome.heads.map(\.target) == ["/ok"])
        #expect(outcome.events.count == 2)
        #expect(outcome.errorKind == .repeatedHost)
    }
}
