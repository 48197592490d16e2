import CLinux
import Dispatch
import Foundation
import Glibc
import Synchronization

/// The eventfd the signal handler writes to; -1 when no handler is installed. An atomic
/// so the handler reads it without locks (async-signal-safe).
private let signalEventFD = Atomic<Int32>(-1)

/// Process-wide: turns SIGTERM and SIGINT into calls of every registered callback on an
/// ordinary thread. The handler itself only writes to an eventfd (the self-pipe
/// pattern). Handlers are installed with the first registration and the previous ones
/// restored after the last, so several servers in one process (tests) do not undo each
/// other's handling.
final class SignalWatcher: Sendable {
    static let shared = SignalWatcher()

    private struct Installation {
        var eventFD: Int32
        var stopFD: Int32
        var previous: [Int32: sigaction]
        var finished: DispatchSemaphore
    }

    private struct State {
        var callbacks: [UInt64: @Sendable () -> Void] = [:]
        var nextID: UInt64 = 0
        var installation: Installation?
    }

    private let state = Mutex(State())
    /// What the watching thread calls; separate from `state` so removing the last
    /// callback can wait for that thread while holding `state`.
    private let current = Mutex<[@Sendable () -> Void]>([])

    /// Calls `callback` on every SIGTERM or SIGINT until `unregister` with the result.
    func register(_ callback: @escaping @Sendable () -> Void) throws(HTTPServerError) -> UInt64 {
        try state.withLock { (state: inout State) throws(HTTPServerError) -> UInt64 in
            if state.installation == nil { state.installation = try install() }
            state.nextID += 1
            state.callbacks[state.nextID] = callback
            let callbacks = Array(state.callbacks.values)
            current.withLock { $0 = callbacks }
            return state.nextID
        }
    }

    func unregister(_ id: UInt64) {
        state.withLock { state in
            state.callbacks[id] = nil
            let callbacks = Array(state.callbacks.values)
            current.withLock { $0 = callbacks }
            if callbacks.isEmpty, let installation = state.installation {
                uninstall(installation)
                state.installation = nil
            }
        }
    }

    private func install() throws(HTTPServerError) -> Installation {
        let eventFD = eventfd(0, Int32(EFD_CLOEXEC))
        let stopFD = eventfd(0, Int32(EFD_CLOEXEC))
        guard eventFD >= 0, stopFD >= 0 else {
            if eventFD >= 0 { close(eventFD) }
            if stopFD >= 0 { close(stopFD) }
            throw .system("eventfd")
        }
        signalEventFD.store(eventFD, ordering: .sequentiallyConsistent)
        var previous: [Int32: sigaction] = [:]
        for number in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                let saved = errno
                let fd = signalEventFD.load(ordering: .relaxed)
                if fd >= 0 {
                    var one: UInt64 = 1
                    _ = write(fd, &one, 8)
                }
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            sigaction(number, &action, &old)
            previous[number] = old
        }
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            var fds = [pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
            while true {
                let ready = poll(&fds, 2, -1)
                if ready < 0, errno == EINTR { continue }
                if fds[1].revents != 0 || ready < 0 { break }
                if fds[0].revents != 0 {
                    var counter: UInt64 = 0
                    _ = read(eventFD, &counter, 8)
                    for callback in self.current.withLock({ $0 }) { callback() }
                }
            }
            finished.signal()
        }
        thread.name = "http-signals"
        thread.start()
        return Installation(eventFD: eventFD, stopFD: stopFD, previous: previous, finished: finished)
    }

    /// Restores the previous handlers and ends the watching thread.
    private func uninstall(_ installation: Installation) {
        for (number, action) in installation.previous {
            var action = action
            sigaction(number, &action, nil)
        }
        signalEventFD.store(-1, ordering: .sequentiallyConsistent)
        var one: UInt64 = 1
        _ = write(installation.stopFD, &one, 8)
        installation.finished.wait()
        close(installation.eventFD)
        close(installation.stopFD)
    }
}
