extension DNSResolver {
    /// Asks one server once: over UDP, over TCP when the answer was truncated, and again
    /// without EDNS0 when the server refuses the OPT record (RFC 6891 §7).
    func ask(_ server: DNSServer, name: DNSName, type: DNSRecordType) throws(DNSError) -> DNSMessage {
        let response = try exchangeOverUDP(server, name: name, type: type, edns: true)
        if response.responseCode == .formatError || response.responseCode == .notImplemented, response.optRecord == nil {
            return try exchangeOverUDP(server, name: name, type: type, edns: false)
        }
        return response
    }

    private func makeQuery(name: DNSName, type: DNSRecordType, edns: Bool) -> DNSMessage {
        .query(id: .random(in: .min ... .max), name: name, type: type, udpPayloadSize: edns ? Self.udpPayloadSize : nil)
    }

    private func exchangeOverUDP(_ server: DNSServer, name: DNSName, type: DNSRecordType, edns: Bool) throws(DNSError) -> DNSMessage {
        let deadline = ContinuousClock.now + configuration.timeout
        let query = makeQuery(name: name, type: type, edns: edns)
        let socket = try DNSSocket(connectingTo: server, stream: false)
        guard try socket.send(query.encoded(), until: deadline) else { throw DNSError(.timeout(servers: [server])) }
        var unreadable: DNSError?
        while let datagram = try socket.receiveDatagram(until: deadline) {
            switch DNSReply(datagram, answering: query) {
            case .answer(let message) where message.header.isTruncated:
                return try exchangeOverTCP(server, name: name, type: type, edns: edns)
            case .truncated:
                return try exchangeOverTCP(server, name: name, type: type, edns: edns)
            case .answer(let message):
                return message
            case .malformed(let error):
                unreadable = error
            case .unrelated:
                continue
            }
        }
        throw unreadable ?? DNSError(.timeout(servers: [server]))
    }

    /// The same question over TCP, each message behind its two-byte length (RFC 1035 §4.2.2).
    private func exchangeOverTCP(_ server: DNSServer, name: DNSName, type: DNSRecordType, edns: Bool) throws(DNSError) -> DNSMessage {
        let deadline = ContinuousClock.now + configuration.timeout
        let timeout = DNSError(.timeout(servers: [server]))
        let query = makeQuery(name: name, type: type, edns: edns)
        let bytes = try query.encoded()
        let socket = try DNSSocket(connectingTo: server, stream: true)
        guard try socket.waitUntilConnected(until: deadline),
              try socket.send([UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes, until: deadline),
              let prefix = try socket.receive(exactly: 2, until: deadline),
              let reply = try socket.receive(exactly: Int(prefix[0]) << 8 | Int(prefix[1]), until: deadline)
        else { throw timeout }
        switch DNSReply(reply, answering: query) {
        case .answer(let message): return message
        case .truncated(let error), .malformed(let error): throw error
        case .unrelated: throw DNSError(.malformedMessage(.unrelatedReply, offset: 0))
        }
    }
}

/// What a message that arrived for a query is: its answer, a truncated answer, an
/// unreadable reply, or something to ignore (another ID, not a response, another question).
enum DNSReply {
    case answer(DNSMessage)
    /// The reply has the TC bit but could not be read whole (a server may cut it anywhere).
    case truncated(DNSError)
    case malformed(DNSError)
    case unrelated

    init(_ bytes: [UInt8], answering query: DNSMessage) {
        guard bytes.count >= 4, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == query.header.id, bytes[2] & 0x80 != 0 else {
            self = .unrelated
            return
        }
        let message: DNSMessage
        do throws(DNSError) {
            message = try DNSMessage(decoding: bytes)
        } catch {
            self = bytes[2] & 0x02 != 0 ? .truncated(error) : .malformed(error)
            return
        }
        // A failure (FORMERR, SERVFAIL, REFUSED, ...) may leave the question out; an answer,
        // or a "no such name", must say what it answers.
        let isFailure = message.responseCode != .noError && message.responseCode != .nameError
        let sameQuestion = message.questions == query.questions || (message.questions.isEmpty && isFailure)
        self = message.header.opcode == query.header.opcode && sameQuestion ? .answer(message) : .unrelated
    }
}
