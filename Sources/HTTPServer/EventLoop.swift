import CLinux
import Glibc
import HTTP

/// One event loop: a thread with its own epoll instance, listening socket and
/// connections. It does all socket I/O; handlers run on the worker pool and their
/// results come back through the inbox. Only its own thread touches it.
final class EventLoop {
    let context: ServerContext
    let inbox: LoopInbox
    let limits: HTTPLimits
    let responder: any HTTPResponder
    /// Shared by all connections of this loop for `read`; parsed bytes are copied out.
    let readBuffer: UnsafeMutableRawBufferPointer

    private let epollFD: Int32
    private var listenFD: Int32
    private var connections: [Connection?] = []
    private var connectionCount = 0
    private var nextSerial: UInt64 = 0
    private var dates = DateHeaderCache()

    /// The loop's clock, read once per wake-up.
    private(set) var now: UInt64
    private(set) var shuttingDown = false
    private var shutdownDeadline: UInt64 = 0
    private var running = true
    private var acceptPausedUntil: UInt64 = 0
    private var nextSweep: UInt64
    private let sweepInterval: UInt64
    private var messages: [LoopMessage] = []

    init(epollFD: Int32, listenFD: Int32, inbox: LoopInbox, context: ServerContext) {
        self.epollFD = epollFD
        self.listenFD = listenFD
        self.inbox = inbox
        self.context = context
        self.limits = context.configuration.limits
        self.responder = context.responder
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = min(
            limits.headerReadTimeout.nanoseconds, limits.idleTimeout.nanoseconds,
            limits.bodyRateGracePeriod.nanoseconds, limits.bodyIdleTimeout.nanoseconds,
            context.configuration.shutdownGracePeriod.nanoseconds)
        sweepInterval = min(500_000_000, max(10_000_000, shortest / 8))
        now = monotonicNanoseconds()
        nextSweep = now + sweepInterval
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Registers the listening socket and the inbox, then runs until shut down.
    func run() {
        register(inbox.eventFD, events: EPOLLIN.rawValue)
        register(listenFD, events: EPOLLIN.rawValue)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while running {
            var wait = nextSweep > now ? Int32(clamping: (nextSweep - now + 999_999) / 1_000_000) : 0
            if !inbox.prepareToSleep() {
                handleMessages(eventFDReadable: false)
                wait = 0
            }
            let count = epoll_wait(epollFD, events, Int32(capacity), wait)
            inbox.awake()
            now = monotonicNanoseconds()
            if count < 0, errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                let fd = event.data.fd
                if fd == inbox.eventFD {
                    handleMessages(eventFDReadable: true)
                } else if fd == listenFD {
                    acceptConnections()
                } else if let connection = connection(for: fd) {
                    connection.handle(events: event.events)
                }
            }
            if now >= nextSweep { sweep() }
        }
        for index in connections.indices { connections[index]?.close() }
        if listenFD >= 0 { Glibc.close(listenFD) }
        Glibc.close(epollFD)
    }

    /// The `Date` header value for responses the loop makes itself.
    func date() -> String { dates.current() }

    func connectionClosed(_ connection: Connection) {
        if Int(connection.fd) < connections.count, connections[Int(connection.fd)] === connection {
            connections[Int(connection.fd)] = nil
            connectionCount -= 1
            context.releaseConnection()
        }
        if shuttingDown, connectionCount == 0 { running = false }
    }

    private func connection(for fd: Int32) -> Connection? {
        Int(fd) < connections.count ? connections[Int(fd)] : nil
    }

    private func register(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
    }

    // MARK: Accepting

    private func acceptConnections() {
        guard listenFD >= 0 else { return }
        for _ in 0..<128 {
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listenFD, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: pauseAccepting()
                default: break
                }
                return
            }
            guard context.reserveConnection() else {
                refuse(fd)
                continue
            }
            var on: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            let peer = SocketAddress(address)
            nextSerial += 1
            let connection = Connection(
                loop: self, fd: fd, serial: nextSerial,
                info: ConnectionInfo(remoteAddress: peer.host, remotePort: peer.port), now: now)
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
            }
            connections[Int(fd)] = connection
            connectionCount += 1
            register(fd, events: EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue)
        }
    }

    /// Over the connection limit: a best-effort 503 and close.
    private func refuse(_ fd: Int32) {
        let response = ResponseEncoding.plain(
            status: .serviceUnavailable, message: "Too many connections.",
            request: ResponseContext(keepAlive: false), date: dates.current(), extraHeaders: [("Retry-After", "1")])
        _ = response.bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.close(fd)
    }

    /// Out of file descriptors: stop watching the listening socket for a moment rather
    /// than spin on an accept that keeps failing.
    private func pauseAccepting() {
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, nil)
        acceptPausedUntil = now + 100_000_000
    }

    // MARK: Messages, timers, shutdown

    private func handleMessages(eventFDReadable: Bool) {
        inbox.drain(into: &messages, eventFDReadable: eventFDReadable)
        for message in messages {
            switch message {
            case .response(let token, let response):
                connection(token)?.receive(response)
            case .streamStarted(let token, let head, let channel):
                if let connection = connection(token) {
                    connection.receiveStreamStart(head, channel: channel)
                } else {
                    channel.clientGone()
                }
            case .streamReady(let token):
                if let connection = connection(token) {
                    connection.pullStream()
                    connection.flush()
                }
            case .shutdown:
                beginShutdown()
            }
        }
        messages.removeAll(keepingCapacity: true)
    }

    private func connection(_ token: ConnectionToken) -> Connection? {
        guard let connection = connection(for: token.fd), connection.token == token else { return nil }
        return connection
    }

    private func sweep() {
        nextSweep = now + sweepInterval
        _ = dates.current()
        if acceptPausedUntil != 0, now >= acceptPausedUntil, listenFD >= 0 {
            acceptPausedUntil = 0
            register(listenFD, events: EPOLLIN.rawValue)
        }
        if shuttingDown, now >= shutdownDeadline {
            running = false
            return
        }
        for index in connections.indices {
            if let connection = connections[index] { connection.checkTimeouts(now: now) }
        }
    }

    private func beginShutdown() {
        guard !shuttingDown else { return }
        shuttingDown = true
        shutdownDeadline = now + context.configuration.shutdownGracePeriod.nanoseconds
        if listenFD >= 0 {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, nil)
            Glibc.close(listenFD)
            listenFD = -1
        }
        for index in connections.indices {
            guard let connection = connections[index] else { continue }
            if connection.isIdle {
                connection.close()
            } else {
                connection.stopReading = connection.inbound == nil
                connection.closeAfterWrite = true
            }
        }
        if connectionCount == 0 { running = false }
    }
}
