/// A response code (RCODE), including the EDNS0 extended codes above 15.
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noError = DNSResponseCode(rawValue: 0)
    /// FORMERR: the server could not read the query.
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// SERVFAIL: the server could not get an answer (e.g. the domain's servers failed).
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// NXDOMAIN: the name does not exist.
    public static let nameError = DNSResponseCode(rawValue: 3)
    /// NOTIMP: the server does not support this kind of query.
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// REFUSED: the server will not answer this client.
    public static let refused = DNSResponseCode(rawValue: 5)

    /// `NOERROR`, `NXDOMAIN`, `SERVFAIL`, ... or `RCODE12`.
    public var description: String {
        switch self {
        case .noError: "NOERROR"
        case .formatError: "FORMERR"
        case .serverFailure: "SERVFAIL"
        case .nameError: "NXDOMAIN"
        case .notImplemented: "NOTIMP"
        case .refused: "REFUSED"
        default: "RCODE\(rawValue)"
        }
    }
}
