@testable import HTTP

/// What a parser made of some bytes: the events up to the point it needed more input or
/// threw, and the error if it threw.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var events: [HTTPParseEvent]
    var error: HTTPParseError?

    var description: String { "events: \(events), error: \(error.map { "\($0.status.code) \($0)" } ?? "none")" }

    /// Body pieces merged, so outcomes from different splits of the same bytes compare equal.
    var normalized: [HTTPParseEvent] {
        var result: [HTTPParseEvent] = []
        for event in events {
            if case .body(let more) = event, case .body(let earlier)? = result.last {
                result[result.count - 1] = .body(earlier + more)
            } else {
                result.append(event)
            }
        }
        return result
    }

    var heads: [HTTPRequestHead] {
        events.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }

    var body: [UInt8] {
        events.flatMap { event -> [UInt8] in
            if case .body(let piece) = event { return piece }
            return []
        }
    }

    var errorKind: HTTPParseError.Kind? { error?.kind }
    var status: Int? { error?.status.code }
}

/// Feeds `pieces` one after another, draining events after each.
func parse(pieces: [[UInt8]], limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome(events: [], error: nil)
    for piece in pieces {
        parser.append(piece)
        do {
            while let event = try parser.next() { outcome.events.append(event) }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    parse(pieces: [Array(text.utf8)], limits: limits)
}

func parse(bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    parse(pieces: [bytes], limits: limits)
}

/// Feeds one byte at a time.
func parseByteByByte(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParseOutcome {
    parse(pieces: bytes.map { [$0] }, limits: limits)
}
