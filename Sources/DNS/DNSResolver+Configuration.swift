import Glibc

extension DNSResolver {
    /// Which servers the resolver asks and how long it waits. A lookup that gets no answer
    /// gives up after at most `attempts` x `servers.count` tries of `timeout` each (a
    /// truncated answer's TCP retry gets its own `timeout`).
    public struct Configuration: Sendable, Equatable {
        /// Recursive name servers, asked in this order.
        public var servers: [DNSServer]
        /// How long one try waits for one server's answer.
        public var timeout: Duration
        /// Rounds over the servers before giving up (at least 1).
        public var attempts: Int

        public init(servers: [DNSServer], timeout: Duration = .seconds(2), attempts: Int = 2) {
            self.servers = servers
            self.timeout = timeout
            self.attempts = max(1, attempts)
        }

        /// The name servers of `/etc/resolv.conf` (see `nameservers(inResolvConf:)`), or
        /// 127.0.0.1:53 when the file is missing or names none, as the C library does.
        public static func system(
            timeout: Duration = .seconds(2), attempts: Int = 2, resolvConfPath: String = "/etc/resolv.conf"
        ) -> Configuration {
            let servers = readFile(resolvConfPath).map(nameservers(inResolvConf:)) ?? []
            let fallback = [DNSServer(address: .ipv4Loopback)]
            return Configuration(servers: servers.isEmpty ? fallback : servers, timeout: timeout, attempts: attempts)
        }

        /// The servers of the `nameserver` lines of a resolv.conf text, in order, at most
        /// three (the C library's limit). Lines starting with `#` or `;` are comments;
        /// addresses that cannot be used (host names, IPv6 zones such as `fe80::1%eth0`)
        /// are skipped; other settings are ignored.
        public static func nameservers(inResolvConf text: String) -> [DNSServer] {
            var servers: [DNSServer] = []
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 2, fields[0] == "nameserver", let address = DNSAddress(String(fields[1])) else { continue }
                servers.append(DNSServer(address: address))
                if servers.count == 3 { break }
            }
            return servers
        }

        /// Parses a comma-separated list of `ip` or `ip:port` (`[ipv6]:port`), blanks
        /// around entries allowed: `192.0.2.1, [2001:db8::1]:5353`.
        public static func servers(parsing list: String) throws(DNSError) -> [DNSServer] {
            var servers: [DNSServer] = []
            for entry in list.split(separator: ",", omittingEmptySubsequences: false) {
                let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
                let start = entry.drop(while: isBlank)
                let trimmed = start.lastIndex(where: { !isBlank($0) }).map { start[...$0] } ?? ""
                servers.append(try DNSServer(parsing: String(trimmed)))
            }
            return servers
        }
    }
}

/// The contents of a small text file (up to 64 KiB), nil when it cannot be read.
private func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 65536 {
        let count = fread(&buffer, 1, buffer.count, file)
        guard count > 0 else { break }
        bytes += buffer.prefix(count)
    }
    return String(decoding: bytes, as: UTF8.self)
}
