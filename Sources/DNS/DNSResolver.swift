/// A stub resolver (RFC 1035 §7): asks recursive name servers and returns their answers.
///
/// Every lookup blocks its thread until it has an answer or has given up, and is safe to
/// run from many threads at once (each uses its own sockets). A question goes over UDP
/// with a random ID from a kernel-chosen source port and an EDNS0 OPT record
/// (1232-byte payload); only a reply from the server's address with that ID and the same
/// question counts. A truncated reply is asked again over TCP. Servers are tried in
/// order, `attempts` rounds, each try waiting `timeout`; a server that answers SERVFAIL,
/// REFUSED or another error code, or not at all, is skipped for the next.
///
/// "No such domain" (NXDOMAIN) and "no records of this type" both give an empty result;
/// a thrown error always means the question could not be answered.
public struct DNSResolver: Sendable {
    public var configuration: Configuration

    /// The UDP payload size announced with EDNS0 (the DNS Flag Day 2020 figure, which
    /// avoids IP fragmentation).
    static let udpPayloadSize: UInt16 = 1232

    public init(configuration: Configuration = .system()) {
        self.configuration = configuration
    }

    /// Asks for the records of `type` at `name` and returns the server's response, whose
    /// `responseCode` is `.noError` or `.nameError` (NXDOMAIN); `answers(ofType:)` picks
    /// the records out, following CNAMEs. Any other response code is thrown.
    public func query(name: String, type: DNSRecordType) throws(DNSError) -> DNSMessage {
        try query(DNSName(name), type: type)
    }

    /// The TXT records of `name`, each one's strings joined (as SPF and domain
    /// verification read them); empty when the name or its TXT records do not exist.
    public func txtRecords(for name: String) throws(DNSError) -> [String] {
        try query(name: name, type: .txt).answers(ofType: .txt).compactMap(\.data.joinedText)
    }

    /// The MX records of `name`, lowest preference first; empty when the name or its MX
    /// records do not exist (RFC 5321 then falls back to the name's addresses, which is the
    /// caller's decision). A single exchange `.` is a null MX: the domain takes no mail.
    public func mxRecords(for name: String) throws(DNSError) -> [DNSMailExchange] {
        try query(name: name, type: .mx).answers(ofType: .mx).compactMap { record in
            guard case .mailExchange(let preference, let exchange) = record.data else { return nil }
            return DNSMailExchange(preference: preference, exchange: exchange.description)
        }
        .sorted { ($0.preference, $0.exchange) < ($1.preference, $1.exchange) }
    }

    /// The IPv4 (A) and then IPv6 (AAAA) addresses of `name`; empty when it has none.
    /// When one of the two lookups fails, the other's addresses are returned if it found
    /// any; otherwise the failure is thrown.
    public func addresses(for name: String) throws(DNSError) -> [DNSAddress] {
        let name = try DNSName(name)
        var addresses: [DNSAddress] = []
        var failure: DNSError?
        for type in [DNSRecordType.a, .aaaa] {
            do throws(DNSError) {
                addresses += try query(name, type: type).answers(ofType: type).compactMap { record in
                    if case .address(let address) = record.data { return address }
                    return nil
                }
            } catch {
                failure = error
            }
        }
        if addresses.isEmpty, let failure { throw failure }
        return addresses
    }

    func query(_ name: DNSName, type: DNSRecordType) throws(DNSError) -> DNSMessage {
        guard !configuration.servers.isEmpty else {
            throw DNSError(.configuration("no DNS server is configured"))
        }
        var failure: DNSError?
        for _ in 0..<max(1, configuration.attempts) {
            for server in configuration.servers {
                do throws(DNSError) {
                    let response = try ask(server, name: name, type: type)
                    switch response.responseCode {
                    case .noError, .nameError: return response
                    default: failure = Self.moreTelling(failure, DNSError(.serverResponse(response.responseCode, server: server)))
                    }
                } catch {
                    failure = Self.moreTelling(failure, error)
                }
            }
        }
        throw failure ?? DNSError(.timeout(servers: configuration.servers))
    }

    /// Of two reasons a lookup failed, the one that tells the caller more: a server's
    /// error code, then an unreadable reply, then a network error, then silence (timeouts
    /// from several servers are named together).
    static func moreTelling(_ earlier: DNSError?, _ later: DNSError) -> DNSError {
        guard let earlier else { return later }
        func rank(_ error: DNSError) -> Int {
            switch error.kind {
            case .serverResponse: 4
            case .malformedMessage: 3
            case .network: 2
            case .timeout: 1
            default: 0
            }
        }
        if case .timeout(let first) = earlier.kind, case .timeout(let second) = later.kind {
            return DNSError(.timeout(servers: first + second.filter { !first.contains($0) }))
        }
        return rank(later) >= rank(earlier) ? later : earlier
    }
}

/// An MX record as the resolver returns it.
public struct DNSMailExchange: Sendable, Hashable {
    /// Lower is tried first.
    public var preference: UInt16
    /// The mail server's host name without a final dot, e.g. `mx1.example.com`; `.` for a null MX.
    public var exchange: String

    public init(preference: UInt16, exchange: String) {
        self.preference = preference
        self.exchange = exchange
    }
}
