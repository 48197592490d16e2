@testable import DNS
import Testing

@Suite struct DNSMessageEncodingTests {
    @Test func encodesAQueryWithAnOPTRecord() throws {
        let query = DNSMessage.query(id: 0xBEEF, name: name("example.com"), type: .txt)
        let expected: [UInt8] = [
            0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // header, RD
            7, 101, 120, 97, 109, 112, 108, 101, 3, 99, 111, 109, 0, 0x00, 0x10, 0x00, 0x01,  // example.com TXT IN
            0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x00,  // OPT, 1232 bytes, no flags, no options
        ]
        #expect(try query.encoded() == expected)
        let plain = DNSMessage.query(id: 7, name: name("example.com"), type: .mx, udpPayloadSize: nil)
        #expect(try plain.encoded().count == 12 + 17)
    }

    @Test func encodesHeaderFlags() throws {
        let header = DNSHeader(
            id: 1, isResponse: true, opcode: 2, isAuthoritativeAnswer: true, isTruncated: true,
            isRecursionDesired: false, isRecursionAvailable: true, isAuthenticData: true,
            isCheckingDisabled: true, responseCode: .refused
        )
        let bytes = try DNSMessage(header: header).encoded()
        #expect(bytes == [0, 1, 0x96, 0xB5, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try DNSMessage(decoding: bytes).header == header)
    }

    @Test func roundTripsEveryRecordType() throws {
        let owner = name("Example.test")
        var message = DNSMessage(
            header: DNSHeader(id: 9, isResponse: true, responseCode: .nameError),
            questions: [DNSQuestion(name: owner, type: .mx)]
        )
        message.answers = [
            DNSRecord(name: owner, ttl: 1, data: .address(address("192.0.2.1"))),
            DNSRecord(name: owner, ttl: 2, data: .address(address("2001:db8::1"))),
            DNSRecord(name: owner, ttl: 3, data: .canonicalName(name("other.test"))),
            DNSRecord(name: owner, ttl: 4, data: .mailExchange(preference: 5, exchange: .root)),
            DNSRecord(name: owner, ttl: 5, data: .text([Array(repeating: 0x41, count: 255), [], [0xFF, 0x00]])),
            DNSRecord(name: owner, ttl: 6, data: .pointer(name("host.test"))),
            DNSRecord(name: owner, ttl: 7, data: .other(type: DNSRecordType(rawValue: 65280), data: [1, 2, 3])),
        ]
        message.authorities = [DNSRecord(name: owner, ttl: 8, data: .startOfAuthority(DNSStartOfAuthority(
            primaryServer: name("ns.test"), responsibleMailbox: name("admin.test"), serial: .max, refresh: 1,
            retry: 2, expire: 3, minimumTTL: 4
        )))]
        message.additionals = [DNSRecord(name: owner, ttl: 9, data: .nameServer(name("ns.test")), recordClass: 3)]
        let decoded = try DNSMessage(decoding: message.encoded())
        #expect(decoded == message)
        #expect(decoded.answers[4].data.joinedText == String(repeating: "A", count: 255) + "\u{FFFD}\u{0}")
        #expect(decoded.additionals[0].recordClass == 3)
    }

    @Test func refusesWhatCannotBeEncoded() {
        func problem(_ data: DNSRecordData) -> DNSError.EncodingProblem? {
            let message = DNSMessage(header: DNSHeader(id: 1), answers: [DNSRecord(name: .root, ttl: 0, data: data)])
            do {
                _ = try message.encoded()
                return nil
            } catch {
                guard case .unencodable(let problem) = error.kind else { return nil }
                return problem
            }
        }
        #expect(problem(.text([Array(repeating: 0, count: 256)])) == .textStringTooLong)
        #expect(problem(.text([])) == .emptyText)
        #expect(problem(.other(type: .txt, data: Array(repeating: 0, count: 65536))) == .recordDataTooLong)
        #expect(problem(.other(type: .txt, data: Array(repeating: 0, count: 65530))) == .messageTooLong)
    }
}
