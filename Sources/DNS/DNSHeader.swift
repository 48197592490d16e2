/// The fixed 12-byte start of a message, without the section counts (those follow from
/// the sections themselves).
public struct DNSHeader: Sendable, Equatable {
    /// Chosen by the client at random and copied into the response.
    public var id: UInt16
    /// QR: a response rather than a query.
    public var isResponse: Bool
    /// OPCODE (4 bits); 0 is a standard query.
    public var opcode: UInt8
    /// AA: the answer comes from a server authoritative for the name.
    public var isAuthoritativeAnswer: Bool
    /// TC: the response did not fit and was cut; ask again over TCP.
    public var isTruncated: Bool
    /// RD: the client asks the server to resolve recursively.
    public var isRecursionDesired: Bool
    /// RA: the server offers recursion.
    public var isRecursionAvailable: Bool
    /// AD: the server validated the answer with DNSSEC (only as trustworthy as the path to it).
    public var isAuthenticData: Bool
    /// CD: the client asks the server not to validate DNSSEC.
    public var isCheckingDisabled: Bool
    /// The header's 4-bit RCODE; `DNSMessage.responseCode` adds the EDNS0 extension.
    public var responseCode: DNSResponseCode

    public init(
        id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritativeAnswer: Bool = false,
        isTruncated: Bool = false, isRecursionDesired: Bool = true, isRecursionAvailable: Bool = false,
        isAuthenticData: Bool = false, isCheckingDisabled: Bool = false, responseCode: DNSResponseCode = .noError
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.isAuthoritativeAnswer = isAuthoritativeAnswer
        self.isTruncated = isTruncated
        self.isRecursionDesired = isRecursionDesired
        self.isRecursionAvailable = isRecursionAvailable
        self.isAuthenticData = isAuthenticData
        self.isCheckingDisabled = isCheckingDisabled
        self.responseCode = responseCode
    }

    /// The 16 flag bits as sent: QR, OPCODE, AA, TC, RD, RA, Z (always 0), AD, CD, RCODE.
    var flags: UInt16 {
        var flags = UInt16(opcode & 0x0F) << 11 | (responseCode.rawValue & 0x0F)
        if isResponse { flags |= 0x8000 }
        if isAuthoritativeAnswer { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        if isRecursionDesired { flags |= 0x0100 }
        if isRecursionAvailable { flags |= 0x0080 }
        if isAuthenticData { flags |= 0x0020 }
        if isCheckingDisabled { flags |= 0x0010 }
        return flags
    }

    init(id: UInt16, flags: UInt16) {
        self.init(
            id: id, isResponse: flags & 0x8000 != 0, opcode: UInt8(flags >> 11 & 0x0F),
            isAuthoritativeAnswer: flags & 0x0400 != 0, isTruncated: flags & 0x0200 != 0,
            isRecursionDesired: flags & 0x0100 != 0, isRecursionAvailable: flags & 0x0080 != 0,
            isAuthenticData: flags & 0x0020 != 0, isCheckingDisabled: flags & 0x0010 != 0,
            responseCode: DNSResponseCode(rawValue: flags & 0x0F)
        )
    }
}
