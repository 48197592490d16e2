// libFuzzer entry point for the DNS message decoder. Not part of any SwiftPM target: `make
// fuzz-dns` compiles it with Sources/DNS/*.swift into one module.
//
// Each input is decoded as a message, classified as the resolver classifies a datagram
// that arrives for a query, and read as the text of a name. The invariants, checked with traps:
// - decoding never traps; a refused input is a malformed-message error at an offset
//   inside the input;
// - a decoded message encodes (unless, uncompressed, it outgrows 65535 bytes), decoding
//   that gives an equal message, and proper prefixes of the encoding are refused as truncated;
// - `answers(ofType:)` ends (CNAME loops) and returns only records of the type asked for;
// - decoded names fit in 255 bytes and their descriptions are never empty;
// - the resolver's reply check agrees with decoding: an answer only for a decodable
//   response with the query's ID and question, an error only for an undecodable one;
// - text accepted by `DNSName` fits the limits and reads back from its description.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

func checkNames(_ message: DNSMessage) {
    let names = message.questions.map(\.name) + (message.answers + message.authorities + message.additionals).map(\.name)
    for name in names {
        check(name.wireLength <= 255, "name of \(name.wireLength) bytes")
        check(!name.description.isEmpty, "empty name description")
    }
}

func checkRoundTrip(_ message: DNSMessage) {
    let bytes: [UInt8]
    do {
        bytes = try message.encoded()
    } catch {
        check(error.kind == .unencodable(.messageTooLong), "a decoded message does not encode: \(error)")
        return
    }
    do {
        let again = try DNSMessage(decoding: bytes)
        check(again == message, "re-decoded message differs: \(again) vs \(message)")
    } catch {
        check(false, "an encoded message does not decode: \(error)")
    }
    let step = max(1, bytes.count / 16)
    for length in Array(stride(from: 0, to: bytes.count, by: step)) + [bytes.count - 1] {
        do {
            _ = try DNSMessage(decoding: Array(bytes.prefix(length)))
            check(false, "a \(length)-byte prefix of a \(bytes.count)-byte message decoded")
        } catch {
            check(isTruncation(error, within: length), "a \(length)-byte prefix refused with \(error)")
        }
    }
}

func isTruncation(_ error: DNSError, within length: Int) -> Bool {
    guard case .malformedMessage(.truncated, let offset) = error.kind else { return false }
    return offset <= length
}

func checkReply(_ bytes: [UInt8], decoded: DNSMessage?) {
    let id = bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : 0
    let question = decoded?.questions.first
    let name = question?.name ?? DNSName(validated: [Array("example".utf8), Array("com".utf8)])
    let query = DNSMessage.query(id: id, name: name, type: question?.type ?? .a)
    switch DNSReply(bytes, answering: query) {
    case .answer(let message):
        check(message == decoded, "the reply check answered with another message")
        check(message.header.id == id && message.header.isResponse, "an answer with another ID or not a response")
    case .truncated, .malformed:
        check(decoded == nil, "the reply check refused a decodable message")
    case .unrelated:
        break
    }
}

func checkNameText(_ bytes: [UInt8]) {
    let text = String(decoding: bytes.prefix(300), as: UTF8.self)
    guard let name = try? DNSName(text) else { return }
    check(name.wireLength <= 255 && name.labels.allSatisfy { !$0.isEmpty && $0.count <= 63 }, "accepted name over the limits: \(text)")
    check((try? DNSName(name.description)) == name, "name does not read back from \(name.description)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var decoded: DNSMessage?
    do {
        let message = try DNSMessage(decoding: bytes)
        decoded = message
        checkNames(message)
        checkRoundTrip(message)
        for type in [DNSRecordType.a, .aaaa, .cname, .mx, .txt] {
            check(message.answers(ofType: type).allSatisfy { $0.type == type }, "answers(ofType: \(type)) gave another type")
        }
    } catch {
        guard case .malformedMessage(_, let offset) = error.kind else {
            check(false, "decoding threw \(error)")
            return 0
        }
        check(offset <= bytes.count, "error offset \(offset) past the input's \(bytes.count) bytes")
    }
    checkReply(bytes, decoded: decoded)
    checkNameText(bytes)
    return 0
}
