import Glibc
import HTTP

extension Connection {
    /// How long a closing connection keeps reading (and discarding) so that a client
    /// still sending gets our final response instead of a reset.
    static let lingerNanoseconds: UInt64 = 2_000_000_000

    /// Writes as much as the socket takes, pulls more of a stream as room appears, and
    /// closes or goes idle once everything is out.
    func flush() {
        guard !closed else { return }
        while true {
            while socketWritable, !outbound.isEmpty {
                switch outbound.write(to: fd) {
                case .wrote(let count):
                    if count > 0 { lastWriteProgress = loop.now }
                case .wouldBlock:
                    socketWritable = false
                case .failed:
                    close()
                    return
                }
            }
            guard stream != nil, socketWritable, outbound.byteCount < Self.outboundHighWater else { break }
            let before = outbound.byteCount
            pullStream()
            if closed { return }
            if outbound.byteCount == before { break }
        }
        reportSent()
        if inFlight == nil, stream == nil, !ready.isEmpty, outbound.byteCount < Self.outboundHighWater {
            // Requests held back while the client was not reading.
            resumeAfterResponse()
            return
        }
        guard outbound.isEmpty, !lingering, !closed else { return }
        if closeAfterWrite {
            if inFlight == nil, stream == nil, ready.isEmpty { beginClose() }
        } else if isIdle, !idleMarked {
            idleMarked = true
            idleSince = loop.now
            headStartedAt = parser.isIdle ? 0 : loop.now
        }
    }

    /// Calls the `onSent` of every response whose last byte the socket has taken.
    private func reportSent() {
        guard let first = sentCallbacks.first, first.after <= outbound.writtenTotal else { return }
        let written = outbound.writtenTotal
        let due = sentCallbacks.prefix { $0.after <= written }
        sentCallbacks.removeFirst(due.count)
        for entry in due { entry.callback() }
    }

    /// Half-closes after the last response and discards input until the client closes
    /// (or the linger time runs out), so our last bytes are not lost to a reset.
    func beginClose() {
        guard !closed, !lingering else { return }
        if inputEnded {
            close()
            return
        }
        lingering = true
        lingerDeadline = loop.now + (loop.shuttingDown ? Self.lingerNanoseconds / 10 : Self.lingerNanoseconds)
        Glibc.shutdown(fd, Int32(SHUT_WR))
        dropInbound()
        readAvailable()
    }

    /// Closes the socket at once and forgets the connection.
    func close() {
        guard !closed else { return }
        closed = true
        stream?.clientGone()
        stream = nil
        dropInbound()
        discardReady()
        outbound.removeAll()
        sentCallbacks.removeAll()
        streamOnSent = nil
        Glibc.close(fd)
        loop.connectionClosed(self)
    }
}
