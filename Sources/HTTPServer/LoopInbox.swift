import CLinux
import Glibc
import HTTP
import Synchronization

/// What other threads tell an event loop.
enum LoopMessage: Sendable {
    /// A worker finished a request with a fully serialized response.
    case response(ConnectionToken, CompletedResponse)
    /// A worker started a streamed response: its head is ready, the body follows
    /// through the channel.
    case streamStarted(ConnectionToken, CompletedResponse, ResponseStreamChannel)
    /// A streaming worker wrote more body or finished.
    case streamReady(ConnectionToken)
    /// Stop accepting and wind down (graceful shutdown).
    case shutdown
}

/// A response the worker built, ready for the socket.
struct CompletedResponse: Sendable {
    /// Head and (for small bodies) body, in one piece.
    var bytes: [UInt8]
    /// A large body kept apart so it is written without another copy.
    var separateBody: [UInt8]?
    var status: Int
    var bodyByteCount: Int
    /// False when the connection must close after this response.
    var keepAlive: Bool
    /// How any (streamed) body after the head is framed.
    var bodyFraming: ResponseBodyFraming
    /// The handler's `HTTPResponse.onSent`, called once the last byte is written.
    var onSent: (@Sendable () -> Void)?
}

/// The thread-safe side of an event loop: a message list and an eventfd that wakes the
/// loop's epoll_wait. The eventfd is written only when the loop is (about to be) asleep
/// and no wake-up is pending yet, so a busy loop is not woken once per message.
final class LoopInbox: Sendable {
    private struct State {
        var messages: [LoopMessage] = []
        var loopSleeping = false
        var wakePending = false
    }

    let eventFD: Int32
    private let state = Mutex(State())

    init() throws(HTTPServerError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard fd >= 0 else { throw .system("eventfd") }
        eventFD = fd
    }

    deinit { close(eventFD) }

    func post(_ message: LoopMessage) {
        let wake = state.withLock { state in
            state.messages.append(message)
            guard state.loopSleeping, !state.wakePending else { return false }
            state.wakePending = true
            return true
        }
        if wake {
            var one: UInt64 = 1
            _ = write(eventFD, &one, 8)
        }
    }

    /// Loop side, before epoll_wait: false when messages are waiting (handle them and poll
    /// without sleeping); otherwise marks the loop asleep so posters wake it.
    func prepareToSleep() -> Bool {
        state.withLock { state in
            if !state.messages.isEmpty { return false }
            state.loopSleeping = true
            return true
        }
    }

    /// Loop side, after epoll_wait returns.
    func awake() {
        state.withLock { $0.loopSleeping = false }
    }

    /// Takes every message. `eventFDReadable` when epoll reported the eventfd: its
    /// counter is reset so it stops being readable.
    func drain(into messages: inout [LoopMessage], eventFDReadable: Bool) {
        if eventFDReadable {
            var counter: UInt64 = 0
            _ = read(eventFD, &counter, 8)
        }
        state.withLock { state in
            swap(&messages, &state.messages)
            state.wakePending = false
        }
    }
}
