import Glibc

/// A non-blocking UDP or TCP socket connected to one server for one exchange, closed when
/// it goes out of scope. The kernel picks the source port (a random ephemeral port).
struct DNSSocket: ~Copyable {
    private let descriptor: Int32
    let server: DNSServer

    /// Opens a socket and starts connecting it (a datagram socket is connected at once; a
    /// stream socket's connection completes in `waitUntilConnected`).
    init(connectingTo server: DNSServer, stream: Bool) throws(DNSError) {
        let family = server.address.isIPv6 ? AF_INET6 : AF_INET
        let type = (stream ? SOCK_STREAM : SOCK_DGRAM).rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue
        let descriptor = socket(family, Int32(type), 0)
        guard descriptor >= 0 else { throw Self.failure("socket", server) }
        let result = SocketAddress(server).withSockaddr { connect(descriptor, $0, $1) }
        guard result == 0 || errno == EINPROGRESS else {
            let error = Self.failure("connect", server)
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        self.server = server
    }

    deinit { close(descriptor) }

    private static func failure(_ call: String, _ server: DNSServer, code: Int32 = errno) -> DNSError {
        DNSError(.network("\(call) failed: \(String(cString: strerror(code)))", server: server))
    }

    /// Waits until a stream socket's connection is made; false when the deadline passed first.
    func waitUntilConnected(until deadline: ContinuousClock.Instant) throws(DNSError) -> Bool {
        guard try wait(for: Int16(POLLOUT), until: deadline) else { return false }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        guard code == 0 else { throw Self.failure("connect", server, code: code) }
        return true
    }

    /// Sends all of `bytes` (one datagram on a UDP socket); false when the deadline passed first.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(DNSError) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress.map { $0 + sent }, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count >= 0 {
                sent += count
            } else if errno == EAGAIN || errno == EINTR {
                guard try wait(for: Int16(POLLOUT), until: deadline) else { return false }
            } else {
                throw Self.failure("send", server)
            }
        }
        return true
    }

    /// The next datagram from the server's address (others are dropped); nil when the
    /// deadline passed first.
    func receiveDatagram(until deadline: ContinuousClock.Instant) throws(DNSError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while try wait(for: Int16(POLLIN), until: deadline) {
            var source = SocketAddress()
            let count = buffer.withUnsafeMutableBytes { bytes in
                source.withMutableSockaddr { recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, $1) }
            }
            if count < 0 {
                guard errno == EAGAIN || errno == EINTR else { throw Self.failure("recvfrom", server) }
            } else if source.server == server {
                return Array(buffer.prefix(count))
            }
        }
        return nil
    }

    /// Exactly `count` bytes from a stream; nil when the deadline passed first.
    func receive(exactly count: Int, until deadline: ContinuousClock.Instant) throws(DNSError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let result = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress.map { $0 + received }, count - received, 0) }
            if result > 0 {
                received += result
            } else if result == 0 {
                throw DNSError(.network("the server closed the connection before its reply was complete", server: server))
            } else if errno == EAGAIN || errno == EINTR {
                guard try wait(for: Int16(POLLIN), until: deadline) else { return nil }
            } else {
                throw Self.failure("recv", server)
            }
        }
        return buffer
    }

    /// Polls for `events`; true when they (or an error the next call reports) arrived,
    /// false when the deadline passed first.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(DNSError) -> Bool {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { return false }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = min(Int64(Int32.max), seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(milliseconds))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { throw Self.failure("poll", server) }
        }
    }
}

/// A socket address for an IPv4 or IPv6 server, in a `sockaddr_storage`.
struct SocketAddress {
    private var storage = sockaddr_storage()
    private var length = socklen_t(MemoryLayout<sockaddr_storage>.size)

    init() {}

    init(_ server: DNSServer) {
        if server.address.isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: server.address.bytes) }
            store(address)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = server.port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: server.address.bytes) }
            store(address)
        }
    }

    private mutating func store<Address>(_ address: Address) {
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: address) { target.copyMemory(from: $0) }
        }
        length = socklen_t(MemoryLayout<Address>.size)
    }

    /// The address as a server, nil for another family.
    var server: DNSServer? {
        withUnsafeBytes(of: storage) { raw -> DNSServer? in
            switch Int32(storage.ss_family) {
            case AF_INET:
                let address = raw.loadUnaligned(as: sockaddr_in.self)
                let bytes = withUnsafeBytes(of: address.sin_addr) { Array($0) }
                return DNSAddress(bytes: bytes).map { DNSServer(address: $0, port: UInt16(bigEndian: address.sin_port)) }
            case AF_INET6:
                let address = raw.loadUnaligned(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
                return DNSAddress(bytes: bytes).map { DNSServer(address: $0, port: UInt16(bigEndian: address.sin6_port)) }
            default:
                return nil
            }
        }
    }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
    }

    mutating func withMutableSockaddr<Result>(_ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Result) -> Result {
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        defer { self.length = length }
        return withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, &length) } }
    }
}
