import Testing
@testable import HTTP

/// Five pipelined requests covering every framing: no body, Content-Length, chunked with an
/// extension and a trailer, an empty line between requests, HTTP/1.0 keep-alive, OPTIONS *.
let pipelinedStream =
    "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
    + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
    + "PUT /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
    + "\r\nGET /four HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    + "OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"

let expectedPipelineEvents: [HTTPParseEvent] = [
    .head(HTTPRequestHead(method: .get, target: "/one", headers: ["Host": "a"])),
    .end(trailers: [:]),
    .head(HTTPRequestHead(method: .post, target: "/two", headers: ["Host": "a", "Content-Length": "5"], framing: .contentLength(5))),
    .body(Array("hello".utf8)),
    .end(trailers: [:]),
    .head(HTTPRequestHead(method: .put, target: "/three", headers: ["Host": "a", "Transfer-Encoding": "chunked"], framing: .chunked)),
    .body(Array("abcde".utf8)),
    .end(trailers: ["X-T": "1"]),
    .head(HTTPRequestHead(method: .get, target: "/four", version: .http1_0, headers: ["Connection": "keep-alive"], keepAlive: true)),
    .end(trailers: [:]),
    .head(HTTPRequestHead(method: .options, target: "*", headers: ["Host": "a", "Connection": "close"], keepAlive: false)),
    .end(trailers: [:]),
]

@Suite struct HTTPRequestParserSplittingTests {
    @Test func pipelinedStreamFedByteByByteGivesTheSameEvents() {
        let outcome = parseByteByByte(Array(pipelinedStream.utf8))
        #expect(outcome.error == nil)
        #expect(outcome.normalized == expectedPipelineEvents)
    }

    @Test func pipelinedStreamSplitAtEveryByteBoundaryGivesTheSameEvents() {
        let bytes = Array(pipelinedStream.utf8)
        for split in 0...bytes.count {
            let outcome = parse(pieces: [Array(bytes[..<split]), Array(bytes[split...])])
            #expect(outcome.error == nil, "split at \(split)")
            #expect(outcome.normalized == expectedPipelineEvents, "split at \(split)")
        }
    }

    @Test func errorsAreTheSameAtEveryByteBoundary() {
        let inputs = [
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX",
            "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\n\r\n",
        ]
        for input in inputs {
            let bytes = Array(input.utf8)
            let whole = parse(bytes: bytes)
            #expect(whole.error != nil)
            for split in 0...bytes.count {
                let outcome = parse(pieces: [Array(bytes[..<split]), Array(bytes[split...])])
                #expect(outcome.error == whole.error, "split at \(split) of \(input.debugDescription)")
            }
        }
    }

    @Test func appendingFromRawBuffersMatchesArrays() throws {
        var parser = HTTPRequestParser()
        let bytes = Array(pipelinedStream.utf8)
        var events: [HTTPParseEvent] = []
        for start in stride(from: 0, to: bytes.count, by: 7) {
            bytes[start..<min(start + 7, bytes.count)].withUnsafeBytes { parser.append($0) }
            while let event = try parser.next() { events.append(event) }
        }
        #expect(ParseOutcome(events: events, error: nil).normalized == expectedPipelineEvents)
    }

    @Test func compactsItsBufferOverALongConnection() throws {
        var parser = HTTPRequestParser()
        let request = Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n".utf8)
            + Array(repeating: UInt8(ascii: "b"), count: 3000)
        var bodyBytes = 0
        var requests = 0
        for _ in 0..<200 {
            parser.append(request)
            while let event = try parser.next() {
                switch event {
                case .body(let piece): bodyBytes += piece.count
                case .end: requests += 1
                case .head: break
                }
            }
            #expect(parser.buffer.count < 2 * request.count)
        }
        #expect(requests == 200)
        #expect(bodyBytes == 600_000)
    }
}
