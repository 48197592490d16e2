/// A name server to ask: an address and a port (53 unless given).
public struct DNSServer: Sendable, Hashable, CustomStringConvertible {
    public var address: DNSAddress
    public var port: UInt16

    public init(address: DNSAddress, port: UInt16 = 53) {
        self.address = address
        self.port = port
    }

    /// Parses `192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1` or `[2001:db8::1]:5353` (an IPv6
    /// address with a port needs the brackets). Host names and zones (`%eth0`) are refused.
    public init(parsing text: String) throws(DNSError) {
        func refuse() -> DNSError {
            DNSError(.configuration("'\(text)' is not a name server address (ip, ip:port or [ipv6]:port)"))
        }
        var host = Substring(text)
        var port: UInt16 = 53
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw refuse() }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()), number > 0 else { throw refuse() }
                port = number
            }
            guard host.contains(":") else { throw refuse() }
        } else if let colon = host.firstIndex(of: ":"), !host[host.index(after: colon)...].contains(":") {
            guard let number = UInt16(host[host.index(after: colon)...]), number > 0 else { throw refuse() }
            port = number
            host = host[..<colon]
        }
        guard let address = DNSAddress(String(host)) else { throw refuse() }
        self.init(address: address, port: port)
    }

    /// `192.0.2.1:53` or `[2001:db8::1]:53`.
    public var description: String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}
