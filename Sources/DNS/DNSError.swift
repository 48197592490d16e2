/// Why a name was refused, a message could not be read or written, or no server gave a
/// usable answer.
///
/// "No such domain" is not an error: the resolver returns it as an empty result (or, from
/// `query`, as a response whose `responseCode` is `.nameError`). Everything thrown by a
/// lookup means the question could not be answered: the name was refused
/// (`isInvalidName`, the caller's input), or the servers could not be asked or did not
/// answer usefully (`isTimeout`, `responseCode`, `isNetworkFailure`,
/// `isMalformedMessage`; worth retrying later), or the configuration is unusable.
public struct DNSError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case invalidName(String, NameProblem)
        case malformedMessage(MessageProblem, offset: Int)
        case unencodable(EncodingProblem)
        case timeout(servers: [DNSServer])
        case serverResponse(DNSResponseCode, server: DNSServer)
        case network(String, server: DNSServer)
        case configuration(String)
    }

    enum NameProblem: Sendable, Equatable {
        case empty
        case notASCII
        case emptyLabel
        case labelTooLong
        case nameTooLong
        case invalidCharacter(Character)
    }

    enum MessageProblem: Sendable, Equatable {
        case truncated
        case trailingBytes
        case pointerNotBackward
        case reservedLabelType
        case nameTooLong
        case recordDataLength
        case emptyText
        case unrelatedReply
    }

    enum EncodingProblem: Sendable, Equatable {
        case emptyText
        case textStringTooLong
        case recordDataTooLong
        case tooManyEntries
        case messageTooLong
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// The name given to a lookup is not a usable ASCII domain name.
    public var isInvalidName: Bool {
        if case .invalidName = kind { return true }
        return false
    }

    /// A message (or a server's reply) is not well-formed DNS.
    public var isMalformedMessage: Bool {
        if case .malformedMessage = kind { return true }
        return false
    }

    /// No server answered within the timeout, on any attempt.
    public var isTimeout: Bool {
        if case .timeout = kind { return true }
        return false
    }

    /// A socket call failed, e.g. a server's port was unreachable.
    public var isNetworkFailure: Bool {
        if case .network = kind { return true }
        return false
    }

    /// A server address or setting cannot be used, or there is no server to ask.
    public var isConfigurationFailure: Bool {
        if case .configuration = kind { return true }
        return false
    }

    /// The error code a server answered with (`SERVFAIL`, `REFUSED`, ...), when that is
    /// why the lookup failed.
    public var responseCode: DNSResponseCode? {
        if case .serverResponse(let code, _) = kind { return code }
        return nil
    }

    public var description: String {
        switch kind {
        case .invalidName(let name, let problem):
            return "invalid domain name '\(name.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())': \(problem.message)"
        case .malformedMessage(let problem, let offset):
            return "malformed DNS message at byte \(offset): \(problem.message)"
        case .unencodable(let problem):
            return "cannot encode DNS message: \(problem.message)"
        case .timeout(let servers):
            return "no answer from \(servers.map(\.description).joined(separator: ", ")) in time"
        case .serverResponse(let code, let server):
            return "\(server) answered \(code)"
        case .network(let message, let server):
            return "\(server): \(message)"
        case .configuration(let message):
            return message
        }
    }
}

extension DNSError.NameProblem {
    var message: String {
        switch self {
        case .empty: "the name is empty"
        case .notASCII: "it is not ASCII; convert an internationalized name to its xn-- (punycode) form first"
        case .emptyLabel: "it has an empty label (two dots in a row, or a leading dot)"
        case .labelTooLong: "a label is longer than 63 characters"
        case .nameTooLong: "it is longer than 253 characters"
        case .invalidCharacter(let character): "'\(character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())' is not allowed (letters, digits, '-' and '_' only)"
        }
    }
}

extension DNSError.MessageProblem {
    var message: String {
        switch self {
        case .truncated: "the message ends early"
        case .trailingBytes: "bytes after the last record"
        case .pointerNotBackward: "a compression pointer does not point to an earlier name"
        case .reservedLabelType: "reserved label type"
        case .nameTooLong: "a name is longer than 255 bytes"
        case .recordDataLength: "record data does not match its length"
        case .emptyText: "a TXT record without strings"
        case .unrelatedReply: "the reply does not answer the query"
        }
    }
}

extension DNSError.EncodingProblem {
    var message: String {
        switch self {
        case .emptyText: "a TXT record without strings"
        case .textStringTooLong: "a TXT string is longer than 255 bytes"
        case .recordDataTooLong: "record data is longer than 65535 bytes"
        case .tooManyEntries: "a section has more than 65535 entries"
        case .messageTooLong: "the message is longer than 65535 bytes"
        }
    }
}
