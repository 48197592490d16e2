import Dispatch
import Foundation
import Synchronization

/// Log lines gathered in memory and written to a file descriptor in batches by a
/// background thread: every `interval`, or sooner once `batchBytes` are waiting. Callers
/// (the server's event loops, for access lines) never make a system call per line and
/// never block on a slow terminal or pipe. If the descriptor stops draining and
/// `maxBufferedBytes` are waiting, further lines are dropped and counted, and a line saying
/// how many were lost is written once output flows again. Lines written in the last
/// `interval` before a crash can be lost; `close()` writes everything that is waiting.
public final class BufferedLogOutput: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var dropped = 0
        var closed = false
    }

    private let descriptor: Int32
    private let interval: Duration
    private let batchBytes: Int
    private let maxBufferedBytes: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    public init(
        descriptor: Int32 = 2, interval: Duration = .milliseconds(100),
        batchBytes: Int = 64 * 1024, maxBufferedBytes: Int = 4 * 1024 * 1024
    ) {
        self.descriptor = descriptor
        self.interval = interval
        self.batchBytes = batchBytes
        self.maxBufferedBytes = maxBufferedBytes
        let thread = Thread { [self] in flushLoop() }
        thread.name = "log-writer"
        thread.start()
    }

    /// A `LogWriter` whose lines go through this buffer.
    public var writer: LogWriter {
        LogWriter { [self] line in append(line) }
    }

    /// Queues `line` and a newline.
    public func append(_ line: String) {
        let wakeWriter: Bool = state.withLock { state in
            guard !state.closed else { return false }
            guard state.pending.count + line.utf8.count < maxBufferedBytes else {
                state.dropped += 1
                return false
            }
            let wasBelow = state.pending.count < batchBytes
            state.pending.append(contentsOf: line.utf8)
            state.pending.append(UInt8(ascii: "\n"))
            return wasBelow && state.pending.count >= batchBytes
        }
        if wakeWriter { wake.signal() }
    }

    /// Writes everything waiting and stops the background thread; later lines are ignored.
    public func close() {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        wake.signal()
        stopped.wait()
    }

    private func flushLoop() {
        let timeout = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        while true {
            _ = wake.wait(timeout: .now() + timeout)
            let (bytes, dropped, closed) = state.withLock { state in
                defer {
                    state.pending.removeAll(keepingCapacity: true)
                    state.dropped = 0
                }
                return (state.pending, state.dropped, state.closed)
            }
            writeAll(bytes)
            if dropped > 0 {
                writeAll(Array("(\(dropped) log lines dropped: output was not draining)\n".utf8))
            }
            if closed {
                stopped.signal()
                return
            }
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        writeFully(descriptor, bytes)
    }
}
