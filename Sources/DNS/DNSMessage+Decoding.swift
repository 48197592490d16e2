extension DNSMessage {
    /// Reads a whole message. Throws `isMalformedMessage` (with the byte offset) for a
    /// message that ends early, has bytes after its last record, a compression pointer
    /// that does not point back to an earlier name (which rules out loops), a reserved
    /// label type, a name over 255 bytes, record data whose contents do not fill its
    /// length exactly, or a TXT record without strings.
    public init(decoding bytes: [UInt8]) throws(DNSError) {
        var reader = MessageReader(bytes: bytes)
        let id = try reader.readUInt16()
        let flags = try reader.readUInt16()
        let questionCount = try reader.readUInt16()
        let answerCount = try reader.readUInt16()
        let authorityCount = try reader.readUInt16()
        let additionalCount = try reader.readUInt16()
        var questions: [DNSQuestion] = []
        for _ in 0..<questionCount {
            let name = try reader.readName()
            let type = try DNSRecordType(rawValue: reader.readUInt16())
            questions.append(DNSQuestion(name: name, type: type, questionClass: try reader.readUInt16()))
        }
        let answers = try reader.readRecords(answerCount)
        let authorities = try reader.readRecords(authorityCount)
        let additionals = try reader.readRecords(additionalCount)
        guard reader.position == bytes.count else { throw reader.malformed(.trailingBytes) }
        self.init(
            header: DNSHeader(id: id, flags: flags), questions: questions, answers: answers,
            authorities: authorities, additionals: additionals
        )
    }
}

/// Reads big-endian fields and compressed names from a message, never past `end` (the
/// message's end, or the current record's data while that is read).
struct MessageReader {
    let bytes: [UInt8]
    var position = 0
    var end: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
    }

    func malformed(_ problem: DNSError.MessageProblem, at offset: Int? = nil) -> DNSError {
        DNSError(.malformedMessage(problem, offset: offset ?? position))
    }

    /// The error for reading past `end`: the message is cut short, or a record's data is
    /// shorter than what it holds.
    private var overrun: DNSError {
        malformed(end == bytes.count ? .truncated : .recordDataLength)
    }

    mutating func readBytes(_ count: Int) throws(DNSError) -> [UInt8] {
        guard count <= end - position else { throw overrun }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func readUInt8() throws(DNSError) -> UInt8 {
        guard position < end else { throw overrun }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readUInt16() throws(DNSError) -> UInt16 {
        guard end - position >= 2 else { throw overrun }
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func readUInt32() throws(DNSError) -> UInt32 {
        let high = try readUInt16()
        return UInt32(high) << 16 | UInt32(try readUInt16())
    }

    /// Reads a name at `position`, following compression pointers. Each pointer must aim
    /// before the labels that led to it, so every jump goes strictly backwards and a
    /// chain of pointers always ends.
    mutating func readName() throws(DNSError) -> DNSName {
        var labels: [[UInt8]] = []
        var wireLength = 1
        var cursor = position
        var limit = end
        var pointerFloor = position
        var jumped = false
        while true {
            guard cursor < limit else { throw jumped ? malformed(.truncated, at: cursor) : overrun }
            let length = Int(bytes[cursor])
            switch length & 0xC0 {
            case 0x00 where length == 0:
                if !jumped { position = cursor + 1 }
                return DNSName(validated: labels)
            case 0x00:
                guard length < limit - cursor else { throw jumped ? malformed(.truncated, at: cursor) : overrun }
                wireLength += 1 + length
                guard wireLength <= DNSName.maxWireLength else { throw malformed(.nameTooLong, at: cursor) }
                labels.append(Array(bytes[cursor + 1...cursor + length]))
                cursor += 1 + length
            case 0xC0:
                guard cursor + 1 < limit else { throw jumped ? malformed(.truncated, at: cursor) : overrun }
                let target = (length & 0x3F) << 8 | Int(bytes[cursor + 1])
                guard target < pointerFloor else { throw malformed(.pointerNotBackward, at: cursor) }
                if !jumped { position = cursor + 2 }
                jumped = true
                limit = bytes.count
                pointerFloor = target
                cursor = target
            default:
                throw malformed(.reservedLabelType, at: cursor)
            }
        }
    }

    mutating func readRecords(_ count: UInt16) throws(DNSError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        for _ in 0..<count {
            let name = try readName()
            let type = DNSRecordType(rawValue: try readUInt16())
            let recordClass = try readUInt16()
            let ttl = try readUInt32()
            let length = Int(try readUInt16())
            guard length <= end - position else { throw malformed(.truncated) }
            end = position + length
            let data = try readData(type: type, length: length)
            guard position == end else { throw malformed(.recordDataLength) }
            end = bytes.count
            records.append(DNSRecord(name: name, ttl: ttl, data: data, recordClass: recordClass))
        }
        return records
    }

    private mutating func readData(type: DNSRecordType, length: Int) throws(DNSError) -> DNSRecordData {
        switch type {
        case .a where length == 4, .aaaa where length == 16:
            guard let address = DNSAddress(bytes: try readBytes(length)) else { throw malformed(.recordDataLength) }
            return .address(address)
        case .a, .aaaa:
            throw malformed(.recordDataLength)
        case .cname:
            return .canonicalName(try readName())
        case .ns:
            return .nameServer(try readName())
        case .ptr:
            return .pointer(try readName())
        case .mx:
            let preference = try readUInt16()
            return .mailExchange(preference: preference, exchange: try readName())
        case .txt:
            var strings: [[UInt8]] = []
            while position < end {
                let count = Int(try readUInt8())
                strings.append(try readBytes(count))
            }
            guard !strings.isEmpty else { throw malformed(.emptyText) }
            return .text(strings)
        case .soa:
            let primaryServer = try readName()
            let mailbox = try readName()
            return .startOfAuthority(DNSStartOfAuthority(
                primaryServer: primaryServer, responsibleMailbox: mailbox, serial: try readUInt32(),
                refresh: try readUInt32(), retry: try readUInt32(), expire: try readUInt32(), minimumTTL: try readUInt32()
            ))
        default:
            return .other(type: type, data: try readBytes(length))
        }
    }
}
