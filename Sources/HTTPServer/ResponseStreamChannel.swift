import Dispatch
import HTTP
import Synchronization

/// Carries a streamed response body from the worker writing it to the loop sending it.
/// The writer blocks while more than `highWater` bytes wait to be taken by the loop
/// (back-pressure); the loop only takes more while its own socket buffer is short, so a
/// slow client holds at most about two high-water marks of one stream in memory.
final class ResponseStreamChannel: Sendable {
    struct Taken {
        var chunks: [[UInt8]]
        var finished: Bool
        var failed: Bool
    }

    private struct State {
        var chunks: [[UInt8]] = []
        var buffered = 0
        var finished = false
        var failed = false
        var clientGone = false
        var writerWaiting = false
        var loopNotified = false
    }

    private let state = Mutex(State())
    private let room = DispatchSemaphore(value: 0)
    private let highWater: Int
    private let inbox: LoopInbox
    private let token: ConnectionToken

    init(inbox: LoopInbox, token: ConnectionToken, highWater: Int = 256 * 1024) {
        self.inbox = inbox
        self.token = token
        self.highWater = highWater
    }

    /// Worker side: queue body bytes, waiting while too much is already queued.
    func write(_ bytes: [UInt8]) throws(ResponseStreamError) {
        guard !bytes.isEmpty else { return }
        while true {
            enum Outcome { case gone, wait, queued(notify: Bool) }
            let outcome: Outcome = state.withLock { state in
                if state.clientGone || state.finished { return .gone }
                if state.buffered > 0, state.buffered + bytes.count > highWater {
                    state.writerWaiting = true
                    return .wait
                }
                state.chunks.append(bytes)
                state.buffered += bytes.count
                let notify = !state.loopNotified
                state.loopNotified = true
                return .queued(notify: notify)
            }
            switch outcome {
            case .gone: throw ResponseStreamError()
            case .wait: room.wait()
            case .queued(let notify):
                if notify { inbox.post(.streamReady(token)) }
                return
            }
        }
    }

    /// Worker side: the body is complete (or the handler failed part-way).
    func finish(failed: Bool) {
        let notify = state.withLock { state in
            state.finished = true
            state.failed = failed
            let notify = !state.loopNotified
            state.loopNotified = true
            return notify
        }
        if notify { inbox.post(.streamReady(token)) }
    }

    /// Loop side: everything queued so far; wakes a waiting writer.
    func take() -> Taken {
        let (taken, wake) = state.withLock { state in
            let taken = Taken(chunks: state.chunks, finished: state.finished, failed: state.failed)
            state.chunks = []
            state.buffered = 0
            state.loopNotified = false
            let wake = state.writerWaiting
            state.writerWaiting = false
            return (taken, wake)
        }
        if wake { room.signal() }
        return taken
    }

    /// Loop side: the connection closed; the writer's next `write` throws.
    func clientGone() {
        let wake = state.withLock { state in
            state.clientGone = true
            state.chunks = []
            let wake = state.writerWaiting
            state.writerWaiting = false
            return wake
        }
        if wake { room.signal() }
    }
}

/// Thrown by a streamed response's `write` once the client has gone (or when the body
/// was already finished because the stream closure returned).
public struct ResponseStreamError: Error, Sendable, CustomStringConvertible {
    public var description: String { "the response stream is closed (client gone or body finished)" }
}

/// The `ResponseBodyWriter` handed to a `.stream` body's closure.
struct StreamBodyWriter: ResponseBodyWriter {
    let channel: ResponseStreamChannel

    func write(_ bytes: [UInt8]) throws {
        try channel.write(bytes)
    }
}
