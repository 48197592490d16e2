import Glibc

/// Opening the listening sockets: one per event loop on the same address and port with
/// SO_REUSEPORT, so the kernel spreads new connections over the loops.
enum ListeningSocket {
    /// A non-blocking socket bound to `host:port` and listening; `port` 0 picks a free port.
    /// With `shared` the socket joins an SO_REUSEPORT group (one per event loop).
    static func open(host: String, port: Int, shared: Bool = true, backlog: Int32 = 1024) throws(HTTPServerError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw .address(host) }
        defer { freeaddrinfo(list) }

        var lastError = HTTPServerError.address(host)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let info = current.pointee
            let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
            guard fd >= 0 else {
                lastError = .system("socket")
                continue
            }
            var on: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, size)
            if shared { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, size) }
            if bind(fd, info.ai_addr, info.ai_addrlen) != 0 {
                lastError = .system("bind \(host):\(port)")
                close(fd)
                continue
            }
            if listen(fd, backlog) != 0 {
                lastError = .system("listen")
                close(fd)
                continue
            }
            return fd
        }
        throw lastError
    }

    /// Fails when something already listens on `host:port`. SO_REUSEPORT would otherwise
    /// let a second server of the same user share the port silently.
    static func checkAvailable(host: String, port: Int) throws(HTTPServerError) {
        guard port != 0 else { return }
        let probe = try open(host: host, port: port, shared: false, backlog: 1)
        close(probe)
    }

    /// The port a bound socket listens on.
    static func port(of fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return 0 }
        return SocketAddress(storage).port
    }
}

/// A peer address as text and port, decoded from what `accept4` filled in.
struct SocketAddress {
    var host: String
    var port: Int

    init(_ storage: sockaddr_storage) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            let (address, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ($0.pointee.sin_addr, $0.pointee.sin_port) }
            }
            var copy = address
            inet_ntop(AF_INET, &copy, &text, socklen_t(text.count))
            self.port = Int(UInt16(bigEndian: port))
        case AF_INET6:
            let (address, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ($0.pointee.sin6_addr, $0.pointee.sin6_port) }
            }
            var copy = address
            inet_ntop(AF_INET6, &copy, &text, socklen_t(text.count))
            self.port = Int(UInt16(bigEndian: port))
        default:
            self.port = 0
        }
        host = text.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
