/// One entry of the question section.
public struct DNSQuestion: Sendable, Equatable {
    public var name: DNSName
    public var type: DNSRecordType
    /// 1 (IN) for anything on the internet.
    public var questionClass: UInt16

    public init(name: DNSName, type: DNSRecordType, questionClass: UInt16 = DNSRecord.internetClass) {
        self.name = name
        self.type = type
        self.questionClass = questionClass
    }
}

/// A resource record of the answer, authority or additional section.
public struct DNSRecord: Sendable, Equatable {
    /// CLASS 1, IN.
    public static let internetClass: UInt16 = 1

    /// The owner name.
    public var name: DNSName
    /// CLASS, 1 (IN) for anything on the internet. The OPT pseudo-record keeps the
    /// sender's UDP payload size here (RFC 6891).
    public var recordClass: UInt16
    /// Seconds the record may be cached. The OPT pseudo-record keeps the extended RCODE,
    /// EDNS version and flags here.
    public var ttl: UInt32
    public var data: DNSRecordData

    /// The record's TYPE, which follows from its data.
    public var type: DNSRecordType { data.type }

    public init(name: DNSName, ttl: UInt32, data: DNSRecordData, recordClass: UInt16 = DNSRecord.internetClass) {
        self.name = name
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }
}

/// A record's RDATA, decoded for the types a stub resolver needs and kept as bytes for
/// the rest.
public enum DNSRecordData: Sendable, Equatable {
    /// A (IPv4 address) or AAAA (IPv6 address).
    case address(DNSAddress)
    /// CNAME: the owner is an alias of this name.
    case canonicalName(DNSName)
    /// MX: a mail server for the owner; lower preference is tried first. A single MX
    /// with exchange `.` is a "null MX" (RFC 7505): the domain accepts no mail.
    case mailExchange(preference: UInt16, exchange: DNSName)
    /// TXT: one or more character-strings of up to 255 bytes each, in order. How they
    /// combine is up to the protocol using them; `joinedText` concatenates them (RFC 7208).
    case text([[UInt8]])
    /// NS: a server authoritative for the owner.
    case nameServer(DNSName)
    /// PTR: the name an address (under in-addr.arpa or ip6.arpa) points to.
    case pointer(DNSName)
    /// SOA: the zone's start of authority; sent in the authority section with
    /// "no such name" and "no such record" answers.
    case startOfAuthority(DNSStartOfAuthority)
    /// Any other type, its RDATA as received.
    case other(type: DNSRecordType, data: [UInt8])

    public var type: DNSRecordType {
        switch self {
        case .address(let address): address.isIPv6 ? .aaaa : .a
        case .canonicalName: .cname
        case .mailExchange: .mx
        case .text: .txt
        case .nameServer: .ns
        case .pointer: .ptr
        case .startOfAuthority: .soa
        case .other(let type, _): type
        }
    }

    /// A TXT record's strings concatenated without separators (as SPF and domain
    /// verification records are read), decoded as UTF-8 with invalid bytes replaced;
    /// nil for other types.
    public var joinedText: String? {
        guard case .text(let strings) = self else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }
}

/// The RDATA of an SOA record.
public struct DNSStartOfAuthority: Sendable, Equatable {
    /// MNAME: the zone's primary server.
    public var primaryServer: DNSName
    /// RNAME: the zone administrator's mailbox, its first `.` standing for `@`.
    public var responsibleMailbox: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    /// Seconds a "no such name/record" answer may be cached (RFC 2308).
    public var minimumTTL: UInt32

    public init(
        primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32, refresh: UInt32,
        retry: UInt32, expire: UInt32, minimumTTL: UInt32
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimumTTL = minimumTTL
    }
}
