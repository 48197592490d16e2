import CLinux
import Glibc
import HTTP

/// One client connection. Lives on, and is only touched by, its event loop thread.
/// Reading and parsing are here; answering is in `Connection+Responses.swift`, writing in
/// `Connection+Writing.swift`, timeouts in `Connection+Timeouts.swift`.
final class Connection {
    /// A request whose head is parsed and whose body is still arriving.
    struct Inbound {
        var head: HTTPRequestHead
        var bodyLimit: Int
        var body: BodyAccumulator
        var startedAt: UInt64
        var bodyStartedAt: UInt64
        /// When the last body byte arrived (for `bodyIdleTimeout`).
        var lastBodyByteAt: UInt64
        /// Bytes counted against `maxPendingBodyBytes` for this body.
        var reservedBytes: Int
    }

    /// A complete request, or a response the loop made itself, waiting its turn.
    enum Ready {
        case request(HTTPRequest, startedAt: UInt64, spoolPath: String?)
        case answer(CompletedResponse, LogRecord, closeAfter: Bool)
    }

    /// What the access log needs about the request being answered.
    struct LogRecord {
        var method: HTTPMethod
        var target: String
        var startedAt: UInt64
        var isHead: Bool
        var forwardedFor: [String] = []
    }

    unowned let loop: EventLoop
    let fd: Int32
    let token: ConnectionToken
    let info: ConnectionInfo

    var parser: HTTPRequestParser
    var inbound: Inbound?
    var ready = RingBuffer<Ready>()
    /// The request a worker is answering (or whose stream is being sent).
    var inFlight: LogRecord?
    var stream: ResponseStreamChannel?
    var streamBodyBytes = 0
    var streamFraming = ResponseBodyFraming.none
    var streamKeepAlive = true
    var streamStatus = 200
    var holdingForContinue = false

    var outbound = OutboundQueue()
    /// `HTTPResponse.onSent` callbacks, each with the `outbound.appendedTotal` its
    /// response's last byte reached.
    var sentCallbacks: [(after: UInt64, callback: @Sendable () -> Void)] = []
    /// The streamed response's `onSent`, registered once its body is complete.
    var streamOnSent: (@Sendable () -> Void)?
    var socketReadable = false
    var socketWritable = true
    var peerHungUp = false
    /// The client sent its end of stream.
    var inputEnded = false

    /// No more requests are read (error, `Connection: close`, EOF, shutdown).
    var stopReading = false
    /// Close once every pending response has been written.
    var closeAfterWrite = false
    var lingering = false
    var lingerDeadline: UInt64 = 0
    var lingerDiscarded = 0
    var closed = false

    var idleSince: UInt64
    /// Set once `idleSince` is stamped for the current quiet period.
    var idleMarked = true
    var headStartedAt: UInt64 = 0
    var lastWriteProgress: UInt64
    var requestsServed = 0

    init(loop: EventLoop, fd: Int32, serial: UInt64, info: ConnectionInfo, now: UInt64) {
        self.loop = loop
        self.fd = fd
        self.token = ConnectionToken(fd: fd, serial: serial)
        self.info = info
        self.parser = HTTPRequestParser(limits: loop.limits.parser)
        self.idleSince = now
        self.lastWriteProgress = now
    }

    /// True while nothing is being read, answered or written for this connection.
    var isIdle: Bool {
        inbound == nil && inFlight == nil && stream == nil && ready.isEmpty && outbound.isEmpty
    }

    /// Whether the parser may hand out more events now.
    private var canParse: Bool {
        !stopReading && !holdingForContinue && (inbound != nil || ready.count < loop.limits.maxPipelinedRequests)
    }

    /// Whether to read more from the socket now (bounded read-ahead while parsing waits).
    private var wantsInput: Bool {
        if closed || inputEnded { return false }
        if lingering { return true }
        if stopReading { return false }
        return canParse || parser.bufferedByteCount < 64 * 1024
    }

    // MARK: Events from epoll

    func handle(events: UInt32) {
        if events & EPOLLERR.rawValue != 0 {
            close()
            return
        }
        if events & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 { peerHungUp = true }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            socketReadable = true
            readAvailable()
        }
        if events & EPOLLOUT.rawValue != 0 { socketWritable = true }
        flush()
    }

    /// Reads while the socket has bytes and the connection wants them. With edge-triggered
    /// epoll a short read means the socket is drained (unless the peer hung up, when we
    /// read on to see the end of the stream).
    func readAvailable() {
        let buffer = loop.readBuffer
        while socketReadable, wantsInput {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 {
                if count < buffer.count, !peerHungUp { socketReadable = false }
                if lingering {
                    lingerDiscarded += count
                    if lingerDiscarded > 1 << 20 { close() }
                    continue
                }
                parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                processInput()
            } else if count == 0 {
                socketReadable = false
                peerClosed()
                return
            } else {
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: socketReadable = false
                default:
                    close()
                    return
                }
            }
        }
    }

    /// Hands parsed events to the request being built, as far as pipelining allows.
    func processInput() {
        while canParse {
            let event: HTTPParseEvent?
            do {
                event = try parser.next()
            } catch {
                parseFailed(error)
                return
            }
            guard let event else { break }
            switch event {
            case .head(let head): begin(head)
            case .body(let piece): appendBody(piece)
            case .end: finishRequest()
            }
        }
        if inbound == nil, headStartedAt == 0, !stopReading, !parser.isIdle {
            headStartedAt = loop.now
        }
    }

    private func begin(_ head: HTTPRequestHead) {
        headStartedAt = 0
        idleMarked = false
        if loop.shuttingDown {
            // Requests already received are answered; nothing new is started.
            stopReading = true
            return
        }
        // Route lookups cost; a request without a body needs no limit.
        let limit = head.framing == .none ? 0 : loop.responder.bodyLimit(for: head)
        if case .contentLength(let length) = head.framing, length > limit {
            reject(head: head, status: .contentTooLarge, message: "The request body is larger than \(limit) bytes.")
            return
        }
        var expected: Int?
        if case .contentLength(let length) = head.framing { expected = length }
        // A declared length counts in full at once; a chunked body as its chunks arrive
        // (and only while there is room at all).
        let reserved = expected ?? 0
        let admitted = head.framing == .none
            || (reserved > 0 ? loop.context.reserveBodyBytes(reserved) : loop.context.hasRoomForBodies)
        guard admitted else {
            reject(
                head: head, status: .serviceUnavailable,
                message: "The server is receiving too many request bodies; try again in a moment.",
                extraHeaders: [("Retry-After", "5")])
            return
        }
        inbound = Inbound(
            head: head, bodyLimit: limit,
            body: BodyAccumulator(spoolThreshold: loop.limits.bodySpoolThreshold, expectedLength: expected),
            startedAt: loop.now, bodyStartedAt: loop.now, lastBodyByteAt: loop.now, reservedBytes: reserved)
        if head.expectsContinue, head.framing != .none {
            if inFlight == nil, stream == nil, ready.isEmpty {
                outbound.append(HTTPResponseSerializer.continueResponse)
            } else {
                holdingForContinue = true
            }
        }
    }

    private func appendBody(_ piece: [UInt8]) {
        // Only fields are read here: a copy of `inbound` would share the body buffer and
        // make every append copy it.
        guard let received = inbound?.body.count, let limit = inbound?.bodyLimit,
              let reserved = inbound?.reservedBytes else { return }
        inbound?.lastBodyByteAt = loop.now
        var failure: (HTTPStatus, String)?
        let unreserved = received + piece.count - reserved
        if received + piece.count > limit {
            failure = (.contentTooLarge, "The request body is larger than \(limit) bytes.")
        } else if unreserved > 0, !loop.context.reserveBodyBytes(unreserved) {
            failure = (.serviceUnavailable, "The server is receiving too many request bodies; try again in a moment.")
        } else {
            if unreserved > 0 { inbound?.reservedBytes += unreserved }
            do {
                try inbound?.body.append(piece)
            } catch {
                failure = (.internalServerError, "The request body could not be stored.")
            }
        }
        guard let (status, message) = failure else { return }
        let head = inbound?.head
        dropInbound()
        reject(
            head: head, status: status, message: message,
            extraHeaders: status == .serviceUnavailable ? [("Retry-After", "5")] : [])
    }

    /// Forgets the request whose body is arriving: deletes its spool file and gives its
    /// bytes back to the server-wide pending-body count.
    func dropInbound() {
        guard let reserved = inbound?.reservedBytes else { return }
        inbound?.body.discard()
        inbound = nil
        loop.context.releaseBodyBytes(reserved)
    }

    private func finishRequest() {
        guard var request = inbound else { return }
        inbound = nil
        loop.context.releaseBodyBytes(request.reservedBytes)
        let (body, spoolPath) = request.body.finish()
        ready.append(.request(HTTPRequest(head: request.head, body: body), startedAt: request.startedAt, spoolPath: spoolPath))
        if !request.head.keepAlive { stopReading = true }
        dispatchReady()
    }

    private func parseFailed(_ error: HTTPParseError) {
        let head = inbound?.head
        dropInbound()
        holdingForContinue = false
        let record = LogRecord(
            method: head?.method ?? HTTPMethod(rawValue: "-"), target: head?.target ?? "-",
            startedAt: loop.now, isHead: head?.method == .head)
        stopReading = true
        ready.append(.answer(
            ResponseEncoding.plain(
                status: error.status, message: error.description,
                request: ResponseContext(keepAlive: false, isHeadRequest: record.isHead), date: loop.date()),
            record, closeAfter: true))
        dispatchReady()
    }

    /// Answers a request the loop refuses itself (after any earlier responses), then
    /// stops reading and closes: the rest of its bytes are never parsed.
    func reject(
        head: HTTPRequestHead?, status: HTTPStatus, message: String, extraHeaders: [(String, String)] = []
    ) {
        stopReading = true
        holdingForContinue = false
        let record = LogRecord(
            method: head?.method ?? HTTPMethod(rawValue: "-"), target: head?.target ?? "-",
            startedAt: loop.now, isHead: head?.method == .head)
        ready.append(.answer(
            ResponseEncoding.plain(
                status: status, message: message,
                request: ResponseContext(keepAlive: false, isHeadRequest: record.isHead), date: loop.date(),
                extraHeaders: extraHeaders),
            record, closeAfter: true))
        dispatchReady()
    }

    /// The client finished sending. Complete requests already buffered are still
    /// answered (a client may pipeline and then half-close); a partial one never will be.
    private func peerClosed() {
        inputEnded = true
        if lingering || inbound != nil || isIdle {
            close()
        } else {
            closeAfterWrite = true
        }
    }
}
