import Glibc

/// Bytes waiting to go out on one connection, in order. Small pieces are coalesced into
/// one buffer (pipelined responses leave in a single write); large ones stay separate so
/// they are written without a copy. Writes gather the first two pieces in one call.
struct OutboundQueue {
    enum WriteResult {
        case wrote(Int)
        case wouldBlock
        case failed
    }

    private static let coalesceLimit = 16 * 1024

    private var pieces: [[UInt8]] = []
    private var firstPiece = 0
    /// How much of `pieces[firstPiece]` is already written.
    private var offset = 0
    private(set) var byteCount = 0
    /// Bytes appended and bytes written since the connection opened: a response is out
    /// once `writtenTotal` reaches the `appendedTotal` that followed its last byte.
    private(set) var appendedTotal: UInt64 = 0
    private(set) var writtenTotal: UInt64 = 0

    var isEmpty: Bool { byteCount == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        byteCount += bytes.count
        appendedTotal += UInt64(bytes.count)
        if bytes.count <= Self.coalesceLimit, pieces.count > firstPiece,
           pieces[pieces.count - 1].count < Self.coalesceLimit {
            pieces[pieces.count - 1].append(contentsOf: bytes)
        } else {
            pieces.append(bytes)
        }
    }

    mutating func removeAll() {
        pieces.removeAll(keepingCapacity: true)
        firstPiece = 0
        offset = 0
        byteCount = 0
    }

    /// One write attempt (up to two pieces in one sendmsg).
    mutating func write(to fd: Int32) -> WriteResult {
        guard byteCount > 0 else { return .wrote(0) }
        let result: Int
        // send/sendmsg with MSG_NOSIGNAL: a peer that has gone away yields EPIPE, not SIGPIPE.
        if pieces.count - firstPiece >= 2 {
            result = pieces[firstPiece].withUnsafeBytes { first in
                pieces[firstPiece + 1].withUnsafeBytes { second in
                    var vectors = (
                        iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress.map { $0 + offset }),
                              iov_len: first.count - offset),
                        iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
                    )
                    return withUnsafeMutablePointer(to: &vectors) {
                        $0.withMemoryRebound(to: iovec.self, capacity: 2) { vector in
                            var message = msghdr()
                            message.msg_iov = vector
                            message.msg_iovlen = 2
                            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                        }
                    }
                }
            }
        } else {
            result = pieces[firstPiece].withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
        }
        if result < 0 {
            switch errno {
            case EINTR: return .wrote(0)
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed
            }
        }
        consume(result)
        return .wrote(result)
    }

    private mutating func consume(_ count: Int) {
        byteCount -= count
        writtenTotal += UInt64(count)
        var remaining = count
        while remaining > 0, firstPiece < pieces.count {
            let available = pieces[firstPiece].count - offset
            if remaining >= available {
                remaining -= available
                pieces[firstPiece] = []
                firstPiece += 1
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
        if firstPiece == pieces.count {
            pieces.removeAll(keepingCapacity: true)
            firstPiece = 0
        } else if firstPiece >= 32 {
            pieces.removeFirst(firstPiece)
            firstPiece = 0
        }
    }
}
