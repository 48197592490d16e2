extension DNSMessage {
    /// The message as bytes, names uncompressed. Throws when a TXT record has no string or
    /// one longer than 255 bytes, a record's data is longer than 65535 bytes, a section
    /// holds more than 65535 entries or the whole message is longer than 65535 bytes (the
    /// TCP limit).
    public func encoded() throws(DNSError) -> [UInt8] {
        var writer = MessageWriter()
        writer.append(header.id)
        writer.append(header.flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] {
            guard count <= Int(UInt16.max) else { throw DNSError(.unencodable(.tooManyEntries)) }
            writer.append(UInt16(count))
        }
        for question in questions {
            writer.append(question.name)
            writer.append(question.type.rawValue)
            writer.append(question.questionClass)
        }
        for record in answers + authorities + additionals {
            try writer.append(record)
        }
        guard writer.bytes.count <= Int(UInt16.max) else { throw DNSError(.unencodable(.messageTooLong)) }
        return writer.bytes
    }
}

/// Appends big-endian fields and uncompressed names to a growing message.
struct MessageWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func append(_ value: UInt32) {
        append(UInt16(value >> 16))
        append(UInt16(value & 0xFFFF))
    }

    mutating func append(_ name: DNSName) {
        for label in name.labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
    }

    mutating func append(_ record: DNSRecord) throws(DNSError) {
        append(record.name)
        append(record.type.rawValue)
        append(record.recordClass)
        append(record.ttl)
        let lengthAt = bytes.count
        append(UInt16(0))
        try appendData(record.data)
        let length = bytes.count - lengthAt - 2
        guard length <= Int(UInt16.max) else { throw DNSError(.unencodable(.recordDataTooLong)) }
        bytes[lengthAt] = UInt8(length >> 8)
        bytes[lengthAt + 1] = UInt8(length & 0xFF)
    }

    private mutating func appendData(_ data: DNSRecordData) throws(DNSError) {
        switch data {
        case .address(let address):
            bytes += address.bytes
        case .canonicalName(let name), .nameServer(let name), .pointer(let name):
            append(name)
        case .mailExchange(let preference, let exchange):
            append(preference)
            append(exchange)
        case .text(let strings):
            guard !strings.isEmpty else { throw DNSError(.unencodable(.emptyText)) }
            for string in strings {
                guard string.count <= 255 else { throw DNSError(.unencodable(.textStringTooLong)) }
                bytes.append(UInt8(string.count))
                bytes += string
            }
        case .startOfAuthority(let soa):
            append(soa.primaryServer)
            append(soa.responsibleMailbox)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimumTTL] { append(value) }
        case .other(_, let data):
            bytes += data
        }
    }
}
