import DNS

extension AppConfiguration {
    /// `DNS_SERVERS`: comma-separated `ip` or `ip:port` (`[ipv6]:port`); default the
    /// `nameserver` lines of /etc/resolv.conf. `DNS_TIMEOUT_MS`: how long one try waits
    /// for one server, default 2000.
    static func dnsConfiguration(_ environment: [String: String]) throws -> DNSResolver.Configuration {
        let timeout = Duration.milliseconds(try integer(environment, "DNS_TIMEOUT_MS", default: 2000, range: 1...60_000))
        let list = environment["DNS_SERVERS"] ?? ""
        guard list.contains(where: { $0 != " " }) else { return .system(timeout: timeout) }
        do {
            return DNSResolver.Configuration(servers: try DNSResolver.Configuration.servers(parsing: list), timeout: timeout)
        } catch {
            throw ConfigurationError("DNS_SERVERS: \(error)")
        }
    }
}
