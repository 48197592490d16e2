import Foundation
@testable import DNS
import Testing

@Suite struct DNSMessageDecodingTests {
    /// A response to `mail.example.com MX` whose records point back into the question:
    /// the owners are `C0 0C`, the first exchange is `mx1` + a pointer to `example.com`
    /// inside the question, the second exchange a pointer to the first exchange (a
    /// pointer to a name that itself ends in a pointer).
    static let compressedMX: [UInt8] = {
        var bytes = Wire.header(counts: [1, 2, 0, 0])
        bytes += Wire.question(Wire.name("mail.example.com"), type: 15)  // name at 12, "example" at 17
        bytes += Wire.record(Wire.pointer(12), type: 15, data: Wire.u16(10) + Wire.labels("mx1") + Wire.pointer(17))
        // The first record starts at 34; its exchange at 34 + 12 + 2 = 48.
        bytes += Wire.record(Wire.pointer(12), type: 15, data: Wire.u16(20) + Wire.pointer(48))
        return bytes
    }()

    @Test func followsCompressionPointers() throws {
        let message = try DNSMessage(decoding: Self.compressedMX)
        #expect(message.header.id == 0x1234)
        #expect(message.header.isResponse && message.header.isRecursionAvailable && !message.header.isTruncated)
        #expect(message.questions == [DNSQuestion(name: name("mail.example.com"), type: .mx)])
        #expect(message.answers.map(\.name) == [name("mail.example.com"), name("mail.example.com")])
        #expect(message.answers.map(\.data) == [
            .mailExchange(preference: 10, exchange: name("mx1.example.com")),
            .mailExchange(preference: 20, exchange: name("mx1.example.com")),
        ])
        #expect(message.answers.allSatisfy { $0.ttl == 300 && $0.recordClass == 1 })
    }

    @Test func everyProperPrefixIsTruncated() {
        for length in 0..<Self.compressedMX.count {
            expectMalformed(Array(Self.compressedMX.prefix(length)), .truncated)
        }
    }

    @Test func refusesBytesAfterTheLastRecord() {
        expectMalformed(Self.compressedMX + [0], .trailingBytes, at: Self.compressedMX.count)
    }

    @Test func refusesAPointerToItself() {
        let bytes = Wire.header(counts: [1, 0, 0, 0]) + Wire.pointer(12) + Wire.u16(1) + Wire.u16(1)
        expectMalformed(bytes, .pointerNotBackward, at: 12)
    }

    @Test func refusesPointerLoops() {
        // Two pointers aiming at each other: 12 -> 14 -> 12.
        let pair = Wire.header(counts: [1, 0, 0, 0]) + Wire.pointer(14) + Wire.pointer(12) + Wire.u16(1) + Wire.u16(1)
        expectMalformed(pair, .pointerNotBackward, at: 12)

        // A cycle through labels: the answer's owner `b` points to the question's name `a`
        // at 12, whose pointer leads to the answer's owner at 20.
        var cycle = Wire.header(counts: [1, 1, 0, 0])
        cycle += Wire.labels("a") + Wire.pointer(20) + Wire.u16(1) + Wire.u16(1)
        cycle += Wire.record(Wire.labels("b") + Wire.pointer(12), type: 1, data: [192, 0, 2, 1])
        expectMalformed(cycle, .pointerNotBackward, at: 14)
    }

    @Test func refusesAPointerForwardOrPastTheEnd() {
        var bytes = Wire.header(counts: [1, 0, 0, 0])
        bytes += Wire.pointer(0x3FFF) + Wire.u16(1) + Wire.u16(1)
        expectMalformed(bytes, .pointerNotBackward, at: 12)
    }

    @Test func refusesReservedLabelTypes() {
        for first: UInt8 in [0x40, 0x80, 0x7F, 0xBF] {
            let bytes = Wire.header(counts: [1, 0, 0, 0]) + [first, 0] + Wire.u16(1) + Wire.u16(1)
            expectMalformed(bytes, .reservedLabelType, at: 12)
        }
    }

    @Test func refusesNamesOverTheWireLimit() {
        let long = String(repeating: "a", count: 63)
        // 4 labels of 63: 4 * 64 + 1 = 257 bytes.
        let tooLong = Wire.header(counts: [1, 0, 0, 0]) + Wire.name([long, long, long, long].joined(separator: ".")) + Wire.u16(1) + Wire.u16(1)
        expectMalformed(tooLong, .nameTooLong)

        // 193 bytes in the question, and an answer owner adding 64 through a pointer.
        var bytes = Wire.header(counts: [1, 1, 0, 0])
        bytes += Wire.question(Wire.name([long, long, long].joined(separator: ".")), type: 1)
        bytes += Wire.record(Wire.labels(long) + Wire.pointer(12), type: 1, data: [192, 0, 2, 1])
        expectMalformed(bytes, .nameTooLong)

        // 255 bytes exactly is fine: 3 x 64 + 62 + 1.
        let longest = [long, long, long, String(repeating: "b", count: 61)].joined(separator: ".")
        let fits = Wire.header(counts: [1, 0, 0, 0]) + Wire.name(longest) + Wire.u16(1) + Wire.u16(1)
        #expect(throws: Never.self) { try DNSMessage(decoding: fits) }
    }

    @Test func refusesRecordDataThatDoesNotMatchItsLength() {
        let question = Wire.question(Wire.name("a.test"), type: 1)
        func response(_ record: [UInt8]) -> [UInt8] { Wire.header(counts: [1, 1, 0, 0]) + question + record }
        let owner = Wire.pointer(12)
        // An A record of five bytes, an AAAA of four.
        expectMalformed(response(Wire.record(owner, type: 1, data: [192, 0, 2, 1, 9])), .recordDataLength)
        expectMalformed(response(Wire.record(owner, type: 28, data: [192, 0, 2, 1])), .recordDataLength)
        // An MX whose exchange runs past its data length (which is 1 too short).
        let mx = Wire.u16(10) + Wire.name("mx.test")
        expectMalformed(response(Wire.record(owner, type: 15, data: mx, length: mx.count - 1) + [0]), .recordDataLength)
        // A CNAME with a byte left over after its name.
        expectMalformed(response(Wire.record(owner, type: 5, data: Wire.name("b.test") + [7])), .recordDataLength)
        // A TXT string announcing more bytes than the record holds.
        expectMalformed(response(Wire.record(owner, type: 16, data: [5, 65, 66], length: 3) + [67, 68, 69]), .recordDataLength)
        // A TXT record with no string at all.
        expectMalformed(response(Wire.record(owner, type: 16, data: [])), .emptyText)
        // A length beyond the end of the message.
        expectMalformed(response(Wire.record(owner, type: 99, data: [1, 2, 3], length: 4)), .truncated)
        // Counts promising more records than there are.
        let oneRecord = Wire.record(owner, type: 1, data: [192, 0, 2, 1])
        expectMalformed(Wire.header(counts: [1, 2, 0, 0]) + question + oneRecord, .truncated)
        expectMalformed(Wire.header(counts: [1, 1, 0, 0xFFFF]) + question + oneRecord, .truncated)
    }

    @Test func decodesEachRecordType() throws {
        var bytes = Wire.header(flags: 0x8580, counts: [1, 5, 1, 2])
        bytes += Wire.question(Wire.name("Example.TEST"), type: 255)
        bytes += Wire.record(Wire.pointer(12), type: 16, data: [3] + Array("v=1".utf8) + [4] + Array(" ok;".utf8) + [0])
        bytes += Wire.record(Wire.pointer(12), type: 1, data: [192, 0, 2, 1])
        bytes += Wire.record(Wire.pointer(12), type: 28, data: [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1])
        bytes += Wire.record(Wire.name("www.example.test"), type: 5, data: Wire.pointer(12))
        bytes += Wire.record(Wire.pointer(12), type: 99, data: [1, 2, 0xC0, 0x0C])
        bytes += Wire.record(Wire.pointer(12), type: 6, data: Wire.labels("ns") + Wire.pointer(12) + Wire.name("hostmaster.example.test") + Wire.u32(2024) + Wire.u32(7200) + Wire.u32(900) + Wire.u32(86400) + Wire.u32(60))
        bytes += Wire.record(Wire.pointer(12), type: 2, data: Wire.name("ns.example.test"))
        bytes += Wire.name("") + Wire.u16(41) + Wire.u16(1232) + Wire.u32(0) + Wire.u16(0)
        let message = try DNSMessage(decoding: bytes)
        #expect(message.header.isAuthoritativeAnswer)
        #expect(message.answers.map(\.data) == [
            .text([Array("v=1".utf8), Array(" ok;".utf8), []]),
            .address(address("192.0.2.1")),
            .address(address("2001:db8::1")),
            .canonicalName(name("example.test")),
            .other(type: DNSRecordType(rawValue: 99), data: [1, 2, 0xC0, 0x0C]),
        ])
        #expect(message.answers[0].data.joinedText == "v=1 ok;")
        #expect(message.answers.map(\.type) == [.txt, .a, .aaaa, .cname, DNSRecordType(rawValue: 99)])
        #expect(message.authorities.map(\.data) == [.startOfAuthority(DNSStartOfAuthority(
            primaryServer: name("ns.example.test"), responsibleMailbox: name("hostmaster.example.test"),
            serial: 2024, refresh: 7200, retry: 900, expire: 86400, minimumTTL: 60
        ))])
        #expect(message.additionals[0].data == .nameServer(name("ns.example.test")))
        #expect(message.additionals[1].type == .opt && message.additionals[1].name == .root && message.additionals[1].recordClass == 1232)
        // Case is kept as sent and ignored in comparisons.
        #expect(message.questions[0].name.description == "Example.TEST")
        #expect(message.questions[0].name == name("example.test"))
    }

    @Test func addsTheExtendedResponseCodeOfTheOPTRecord() throws {
        let opt = Wire.name("") + Wire.u16(41) + Wire.u16(1232) + Wire.u32(0x0100_0000) + Wire.u16(0)
        let message = try DNSMessage(decoding: Wire.header(flags: 0x8180, counts: [0, 0, 0, 1]) + opt)
        #expect(message.header.responseCode == .noError)
        #expect(message.responseCode == DNSResponseCode(rawValue: 16))
        let plain = try DNSMessage(decoding: Wire.header(flags: 0x8183, counts: [0, 0, 0, 0]))
        #expect(plain.responseCode == .nameError)
        #expect(plain.responseCode.description == "NXDOMAIN")
    }

    @Test func answersFollowTheCNAMEChainAndStopAtLoops() throws {
        let alias = name("alias.test")
        let middle = name("middle.test")
        let target = name("target.test")
        var message = DNSMessage(header: DNSHeader(id: 1, isResponse: true), questions: [DNSQuestion(name: alias, type: .a)])
        message.answers = [
            DNSRecord(name: middle, ttl: 60, data: .canonicalName(target)),
            DNSRecord(name: alias, ttl: 60, data: .canonicalName(middle)),
            DNSRecord(name: target, ttl: 60, data: .address(address("192.0.2.9"))),
            DNSRecord(name: name("unrelated.test"), ttl: 60, data: .address(address("192.0.2.66"))),
        ]
        #expect(message.answers(ofType: .a).map(\.data) == [.address(address("192.0.2.9"))])
        #expect(message.answers(ofType: .cname).map(\.data) == [.canonicalName(middle)])
        #expect(message.answers(ofType: .aaaa).isEmpty)

        message.answers = [
            DNSRecord(name: alias, ttl: 60, data: .canonicalName(middle)),
            DNSRecord(name: middle, ttl: 60, data: .canonicalName(alias)),
        ]
        #expect(message.answers(ofType: .a).isEmpty)
    }
}

@Suite struct DNSFuzzSeedTests {
    /// The fuzzer's seeds are well-formed messages, so mutations start from valid ground.
    @Test func everySeedDecodes() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fuzz/dns-corpus").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.count >= 5)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))
            #expect(throws: Never.self, "\(file)") { try DNSMessage(decoding: bytes) }
        }
    }
}
