@testable import DNS
import Testing

/// Builders for hand-written DNS messages, so each test shows its bytes.
enum Wire {
    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }

    static func u32(_ value: UInt32) -> [UInt8] { u16(UInt16(value >> 16)) + u16(UInt16(value & 0xFFFF)) }

    /// An uncompressed name: `"a.bc"` is `01 61 02 62 63 00`.
    static func name(_ text: String) -> [UInt8] {
        labels(text) + [0]
    }

    /// The labels of a name without the final zero, to end in a pointer.
    static func labels(_ text: String) -> [UInt8] {
        text.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    static func pointer(_ offset: Int) -> [UInt8] { [0xC0 | UInt8(offset >> 8), UInt8(offset & 0xFF)] }

    /// A response header (QR, RD, RA set) with the four section counts.
    static func header(id: UInt16 = 0x1234, flags: UInt16 = 0x8180, counts: [UInt16]) -> [UInt8] {
        u16(id) + u16(flags) + counts.flatMap(u16)
    }

    static func question(_ name: [UInt8], type: UInt16) -> [UInt8] { name + u16(type) + u16(1) }

    static func record(_ name: [UInt8], type: UInt16, ttl: UInt32 = 300, data: [UInt8], length: Int? = nil) -> [UInt8] {
        name + u16(type) + u16(1) + u32(ttl) + u16(UInt16(length ?? data.count)) + data
    }
}

/// Expects `bytes` to be refused as malformed with `problem`, at `offset` when given.
func expectMalformed(
    _ bytes: [UInt8], _ problem: DNSError.MessageProblem, at offset: Int? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let message = try DNSMessage(decoding: bytes)
        Issue.record("decoded a malformed message: \(message)", sourceLocation: sourceLocation)
    } catch {
        guard case .malformedMessage(let found, let foundOffset) = error.kind else {
            Issue.record("wrong error: \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(found == problem, "\(error)", sourceLocation: sourceLocation)
        if let offset { #expect(foundOffset == offset, "\(error)", sourceLocation: sourceLocation) }
        #expect(error.isMalformedMessage, sourceLocation: sourceLocation)
    }
}

func name(_ text: String) -> DNSName {
    do { return try DNSName(text) } catch { fatalError("\(error)") }
}

func address(_ text: String) -> DNSAddress {
    guard let address = DNSAddress(text) else { fatalError("not an address: \(text)") }
    return address
}
