import Glibc

/// An IPv4 or IPv6 address, as found in A and AAAA records and used for servers.
public struct DNSAddress: Sendable, Hashable, CustomStringConvertible {
    /// Four bytes (IPv4) or sixteen (IPv6), in network order.
    public let bytes: [UInt8]

    /// Reads four or sixteen bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    private init(storing bytes: [UInt8]) {
        self.bytes = bytes
    }

    static let ipv4Loopback = DNSAddress(storing: [127, 0, 0, 1])

    /// Parses `192.0.2.1` or `2001:db8::1` (no brackets, no zone); nil otherwise.
    public init?(_ text: String) {
        var buffer = [UInt8](repeating: 0, count: 16)
        if text.contains(":") {
            guard inet_pton(AF_INET6, text, &buffer) == 1 else { return nil }
            bytes = buffer
        } else {
            guard inet_pton(AF_INET, text, &buffer) == 1 else { return nil }
            bytes = Array(buffer.prefix(4))
        }
    }

    public var isIPv6: Bool { bytes.count == 16 }

    /// `192.0.2.1`, or `2001:db8::1` in the shortest form (RFC 5952).
    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv6 ? AF_INET6 : AF_INET
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
