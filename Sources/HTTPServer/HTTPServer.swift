import Dispatch
import Foundation
import CLinux
import Glibc
import HTTP
import Synchronization

/// An HTTP/1.1 server: event loops on epoll do the socket work, a bounded worker pool
/// runs the responder. Create it, then `run()` (blocks, stops on SIGTERM/SIGINT) or
/// `start()` and later `shutdown()` + `waitUntilStopped()`.
public final class HTTPServer: Sendable {
    private struct Running {
        var inboxes: [LoopInbox]
        var pool: WorkerPool
        var loopsFinished: DispatchGroup
        var port: Int
    }

    private enum Phase {
        case created
        case running(Running)
        case stopped
    }

    private let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let log: @Sendable (AccessLogEntry) -> Void
    private let phase = Mutex<Phase>(.created)

    /// - Parameters:
    ///   - log: called once per answered request, on an event loop thread; keep it quick.
    public init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder,
        log: @escaping @Sendable (AccessLogEntry) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.responder = responder
        self.log = log
    }

    /// Binds, listens and starts the event loops and workers; returns at once.
    /// - Throws: `HTTPServerError` when the configuration is invalid or the address
    ///   cannot be bound, or when the server was started before.
    public func start() throws(HTTPServerError) {
        try configuration.validate()
        try phase.withLock { (phase: inout Phase) throws(HTTPServerError) in
            guard case .created = phase else { throw .alreadyStarted }
            phase = .running(try launch())
        }
    }

    /// The port the server listens on (useful after binding port 0); 0 before `start()`.
    public var boundPort: Int {
        phase.withLock { phase in
            if case .running(let running) = phase { return running.port }
            return 0
        }
    }

    /// Starts the server if needed, shuts it down gracefully on SIGTERM or SIGINT, and
    /// returns once it has stopped. The caller decides the exit status.
    public func run() throws(HTTPServerError) {
        if case .created = phase.withLock({ $0 }) { try start() }
        let registration = try SignalWatcher.shared.register { [self] in shutdown() }
        waitUntilStopped()
        SignalWatcher.shared.unregister(registration)
    }

    /// Stops accepting, closes idle connections, lets requests already received finish
    /// within the configured grace period, then closes the rest. Returns at once; see
    /// `waitUntilStopped()`.
    public func shutdown() {
        let inboxes = phase.withLock { phase -> [LoopInbox] in
            switch phase {
            case .running(let running): return running.inboxes
            case .created:
                phase = .stopped
                return []
            case .stopped: return []
            }
        }
        for inbox in inboxes { inbox.post(.shutdown) }
    }

    /// Blocks until every event loop has finished after `shutdown()` (returns at once if
    /// the server never started), then stops the workers.
    public func waitUntilStopped() {
        guard case .running(let running) = phase.withLock({ $0 }) else { return }
        running.loopsFinished.wait()
        running.pool.stop(workerCount: configuration.workerCount, timeout: .seconds(1))
        phase.withLock { $0 = .stopped }
    }

    private func launch() throws(HTTPServerError) -> Running {
        FileDescriptorLimit.raise(toFit: configuration.limits.maxConnections)
        var listeners: [Int32] = []
        var epolls: [Int32] = []
        var inboxes: [LoopInbox] = []
        do {
            var port = configuration.port
            try ListeningSocket.checkAvailable(host: configuration.host, port: port)
            for _ in 0..<configuration.eventLoopCount {
                let fd = try ListeningSocket.open(host: configuration.host, port: port)
                listeners.append(fd)
                port = ListeningSocket.port(of: fd)
                let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
                guard epoll >= 0 else { throw HTTPServerError.system("epoll_create1") }
                epolls.append(epoll)
                inboxes.append(try LoopInbox())
            }
            let pool = WorkerPool(
                workerCount: configuration.workerCount, capacity: configuration.queueCapacity, responder: responder)
            let context = ServerContext(configuration: configuration, responder: responder, pool: pool, log: log)
            let group = DispatchGroup()
            for index in 0..<configuration.eventLoopCount {
                let (epoll, listener, inbox) = (epolls[index], listeners[index], inboxes[index])
                group.enter()
                let thread = Thread {
                    EventLoop(epollFD: epoll, listenFD: listener, inbox: inbox, context: context).run()
                    group.leave()
                }
                thread.name = "http-loop-\(index)"
                thread.start()
            }
            return Running(inboxes: inboxes, pool: pool, loopsFinished: group, port: port)
        } catch let error as HTTPServerError {
            listeners.forEach { close($0) }
            epolls.forEach { close($0) }
            throw error
        } catch {
            listeners.forEach { close($0) }
            epolls.forEach { close($0) }
            throw .invalidConfiguration("could not start: \(error)")
        }
    }
}
