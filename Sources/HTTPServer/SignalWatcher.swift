import Foundation
import CLinux
import Glibc
import Synchronization

/// The eventfd the signal handler writes to; -1 when no watcher is installed. An atomic
/// so the handler reads it without locks (async-signal-safe).
private let signalEventFD = Atomic<Int32>(-1)

/// Turns SIGTERM and SIGINT into a call of `onSignal` on an ordinary thread. The handler
/// itself only writes to an eventfd (the self-pipe pattern), which is async-signal-safe.
final class SignalWatcher: Sendable {
    private let eventFD: Int32
    private let stopFD: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let previous: Mutex<[Int32: sigaction]>

    init(onSignal: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        let eventFD = eventfd(0, Int32(EFD_CLOEXEC))
        let stopFD = eventfd(0, Int32(EFD_CLOEXEC))
        guard eventFD >= 0, stopFD >= 0 else { throw .system("eventfd") }
        self.eventFD = eventFD
        self.stopFD = stopFD
        signalEventFD.store(eventFD, ordering: .sequentiallyConsistent)
        var saved: [Int32: sigaction] = [:]
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
            saved[number] = old
        }
        previous = Mutex(saved)
        let thread = Thread { [eventFD, stopFD, finished] in
            var fds = [pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
            while true {
                let ready = poll(&fds, 2, -1)
                if ready < 0, errno == EINTR { continue }
                if fds[1].revents != 0 || ready < 0 { break }
                if fds[0].revents != 0 {
                    var counter: UInt64 = 0
                    _ = read(eventFD, &counter, 8)
                    onSignal()
                }
            }
            finished.signal()
        }
        thread.name = "http-signals"
        thread.start()
    }

    /// Restores the previous handlers and ends the watching thread.
    func stop() {
        previous.withLock { saved in
            for (number, var action) in saved { sigaction(number, &action, nil) }
            saved = [:]
        }
        signalEventFD.store(-1, ordering: .sequentiallyConsistent)
        var one: UInt64 = 1
        _ = write(stopFD, &one, 8)
        finished.wait()
        close(eventFD)
        close(stopFD)
    }
}
