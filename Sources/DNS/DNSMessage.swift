/// A DNS message (RFC 1035 §4), query or response, as values.
///
/// `init(decoding:)` reads a message from bytes, strictly: anything truncated, any length
/// that does not add up, any compression pointer that does not point back to an earlier
/// name, and bytes after the last record are `isMalformedMessage` errors. `encoded()`
/// writes one without name compression.
public struct DNSMessage: Sendable, Equatable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSRecord]
    public var authorities: [DNSRecord]
    /// The additional section, including the EDNS0 OPT pseudo-record when there is one.
    public var additionals: [DNSRecord]

    public init(
        header: DNSHeader, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
        authorities: [DNSRecord] = [], additionals: [DNSRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// A recursive query for one name and type, with an EDNS0 OPT record announcing
    /// `udpPayloadSize` (nil: no OPT record, plain RFC 1035 and its 512-byte limit).
    public static func query(id: UInt16, name: DNSName, type: DNSRecordType, udpPayloadSize: UInt16? = 1232) -> DNSMessage {
        var message = DNSMessage(header: DNSHeader(id: id), questions: [DNSQuestion(name: name, type: type)])
        if let udpPayloadSize {
            message.additionals = [DNSRecord(name: .root, ttl: 0, data: .other(type: .opt, data: []), recordClass: udpPayloadSize)]
        }
        return message
    }

    /// The EDNS0 OPT pseudo-record, if the message has one.
    var optRecord: DNSRecord? {
        additionals.first { $0.type == .opt }
    }

    /// The full response code: the header's four bits extended by the OPT record's upper
    /// eight (RFC 6891), when there is one.
    public var responseCode: DNSResponseCode {
        let extended = optRecord.map { UInt16($0.ttl >> 24) } ?? 0
        return DNSResponseCode(rawValue: extended << 4 | header.responseCode.rawValue & 0x0F)
    }

    /// The answer records of `type` for the first question's name, following the CNAME
    /// chain in the answer section (a recursive server sends the aliases and the records
    /// of the name they lead to together). Asking for `.cname` gives the name's own CNAME.
    public func answers(ofType type: DNSRecordType) -> [DNSRecord] {
        guard var name = questions.first?.name else { return [] }
        var visited: Set<DNSName> = [name]
        var found: [DNSRecord] = []
        while true {
            let owned = answers.filter { $0.name == name }
            found += owned.filter { $0.type == type }
            guard type != .cname, found.isEmpty,
                  case .canonicalName(let target)? = owned.first(where: { $0.type == .cname })?.data,
                  visited.insert(target).inserted
            else { return found }
            name = target
        }
    }
}
