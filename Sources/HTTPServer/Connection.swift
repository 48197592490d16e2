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
        inbound = Inbound(
            head: head, bodyLimit: limit,
            body: BodyAccumulator(spoolThreshold: loop.limits.bodySpoolThreshold, expectedLength: expected),
            startedAt: loop.now, bodyStartedAt: loop.now)
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
        guard let received = inbound?.body.count, let limit = inbound?.bodyLimit else { return }
        var failure: (HTTPStatus, String)?
        if received + piece.count > limit {
            failure = (.contentTooLarge, "The request body is larger than \(limit) bytes.")
        } else {
            do {
                try inbound?.body.append(piece)
            } catch {
                failure = (.internalServerError, "The request body could not be stored.")
            }
        }
        guard let (status, message) = failure else { return }
        let head = inbound?.head
        inbound?.body.discard()
        inbound = nil
        reject(head: head, status: status, message: message)
    }

    private func finishRequest() {
        guard var request = inbound else { return }
        inbound = nil
        let (body, spoolPath) = request.body.finish()
        ready.append(.request(HTTPRequest(head: request.head, body: body), startedAt: request.startedAt, spoolPath: spoolPath))
        if !request.head.keepAlive { stopReading = true }
        dispatchReady()
    }

    private func parseFailed(_ error: HTTPParseError) {
        let head = inbound?.head
        inbound?.body.discard()
        inbound = nil
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
    func reject(head: HTTPRequestHead?, status: HTTPStatus, message: String) {
        stopReading = true
        holdingForContinue = false
        let record = LogRecord(
            method: head?.method ?? HTTPMethod(rawValue: "-"), target: head?.target ?? "-",
            startedAt: loop.now, isHead: head?.method == .head)
        ready.append(.answer(
            ResponseEncoding.plain(
                status: status, message: message,
                request: ResponseContext(keepAlive: false, isHeadRequest: record.isHead), date: loop.date()),
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
