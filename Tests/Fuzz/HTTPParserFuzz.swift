// libFuzzer entry point for HTTPRequestParser. Not part of any SwiftPM target: `make fuzz`
// compiles it with Sources/HTTP/*.swift into one module (`swiftc -sanitize=fuzzer,address`).
//
// Each input is parsed with default and with tiny limits, fed whole, one byte at a time and
// split at points derived from the input. The invariants, checked with traps:
// - every way of feeding the same bytes gives the same events (body pieces merged) and the
//   same error;
// - events come in order head, body*, end; body pieces are never empty; a Content-Length
//   body adds up to its length;
// - once the parser waits for input it buffers no more than the current line's budget;
// - after an error, `next()` throws the same error again and `append` is ignored;
// - a response echoing the parsed fields plus a field made of the raw input serializes to a
//   head whose only empty line is its last (no response splitting).

struct FuzzOutcome: Equatable {
    var events: [HTTPParseEvent] = []
    var error: HTTPParseError?
}

let tinyLimits = HTTPParserLimits(
    maxRequestLineBytes: 40, maxHeaderBytes: 120, maxHeaderCount: 4,
    maxChunkExtensionBytes: 12, maxTrailerBytes: 40
)

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// The most a waiting parser may hold: one incomplete line within its budget.
func maxWaitingBytes(_ limits: HTTPParserLimits) -> Int {
    max(limits.maxRequestLineBytes, limits.maxHeaderBytes, limits.maxTrailerBytes,
        HTTPRequestParser.maxChunkSizeDigits + limits.maxChunkExtensionBytes + 2)
}

func feed(_ pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits) -> FuzzOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = FuzzOutcome()
    var expectingHead = true
    var remainingLength: Int?
    for piece in pieces {
        parser.append(Array(piece))
        while true {
            let event: HTTPParseEvent?
            do {
                event = try parser.next()
            } catch {
                outcome.error = error
                do {
                    _ = try parser.next()
                    check(false, "next() after an error did not throw")
                } catch let again {
                    check(again == error, "a second next() threw a different error")
                }
                parser.append([1, 2, 3])
                check(parser.bufferedByteCount == 0, "append after an error was kept")
                return outcome
            }
            guard let event else {
                check(parser.bufferedByteCount <= maxWaitingBytes(limits), "waiting parser holds \(parser.bufferedByteCount) bytes")
                break
            }
            switch event {
            case .head(let head):
                check(expectingHead, "head inside a message")
                expectingHead = false
                if case .contentLength(let length) = head.framing { remainingLength = length } else { remainingLength = nil }
            case .body(let piece):
                check(!expectingHead, "body before head")
                check(!piece.isEmpty, "empty body piece")
                if let remaining = remainingLength {
                    check(piece.count <= remaining, "body longer than Content-Length")
                    remainingLength = remaining - piece.count
                }
                if case .body(let earlier)? = outcome.events.last {
                    outcome.events[outcome.events.count - 1] = .body(earlier + piece)
                    continue
                }
            case .end:
                check(!expectingHead, "end before head")
                check(remainingLength == nil || remainingLength == 0, "end before the Content-Length body was complete")
                expectingHead = true
                remainingLength = nil
            }
            outcome.events.append(event)
        }
    }
    return outcome
}

/// Split points from a small generator seeded with the input's FNV-1a hash.
func derivedPieces(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
    var pieces: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let length = 1 + Int((state >> 33) % 23)
        let end = min(bytes.count, start + length)
        pieces.append(bytes[start..<end])
        start = end
    }
    return pieces
}

/// Serializes a response carrying every parsed field and one field built from raw input, and
/// checks that CR and LF only ever appear as CRLF and the head ends at its first empty line.
func checkSerializer(_ heads: [HTTPRequestHead], rawValue: [UInt8]) {
    for head in heads.prefix(3) {
        var headers = head.headers
        headers.add("X-Raw", String(decoding: rawValue, as: UTF8.self))
        let response = HTTPResponse(headers: headers, body: .bytes(rawValue))
        let serialized = HTTPResponseSerializer.head(for: response, answering: ResponseContext(head), date: HTTPDate.format(secondsSince1970: rawValue.count))
        let bytes = serialized.bytes
        var emptyLineAt: Int?
        for index in bytes.indices {
            if bytes[index] == 13 { check(index + 1 < bytes.count && bytes[index + 1] == 10, "bare CR in a serialized head") }
            if bytes[index] == 10 { check(index > 0 && bytes[index - 1] == 13, "bare LF in a serialized head") }
            if bytes[index] == 0 { check(false, "NUL in a serialized head") }
            if emptyLineAt == nil, index >= 3, bytes[(index - 3)...index].elementsEqual([13, 10, 13, 10]) { emptyLineAt = index }
        }
        check(emptyLineAt == bytes.count - 1, "the serialized head has an empty line before its end")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for limits in [HTTPParserLimits(), tinyLimits] {
        let whole = feed([bytes[...]], limits: limits)
        let split = feed(derivedPieces(bytes), limits: limits)
        check(whole == split, "split feeding differs from whole: \(whole) vs \(split)")
        let oneByOne = feed(bytes.indices.map { bytes[$0...$0] }, limits: limits)
        check(whole == oneByOne, "byte-by-byte feeding differs from whole: \(whole) vs \(oneByOne)")
        let heads = whole.events.compactMap { event -> HTTPRequestHead? in
            if case .head(let head) = event { return head }
            return nil
        }
        checkSerializer(heads.isEmpty ? [HTTPRequestHead(method: .get, target: "/")] : heads, rawValue: Array(bytes.prefix(64)))
    }
    return 0
}
