import Glibc
import HTTP

extension Connection {
    /// Stops pulling a stream's body once this much is waiting for the socket.
    static let outboundHighWater = 256 * 1024

    /// Sends ready requests to the worker pool (one at a time per connection, so
    /// responses leave in request order) and writes the loop's own answers in turn.
    func dispatchReady() {
        // Nothing new starts while the client has not taken what it was already sent: a
        // client that pipelines and never reads must not make us buffer without bound.
        while inFlight == nil, stream == nil, !closed, outbound.byteCount < Self.outboundHighWater,
              let item = ready.popFirst() {
            switch item {
            case .answer(let response, let record, let closeAfter):
                outbound.append(response.bytes)
                logAnswer(record, status: response.status, bytes: response.bodyByteCount)
                if closeAfter {
                    closeAfterWrite = true
                    discardReady()
                }
            case .request(let request, let startedAt, let spoolPath):
                let job = RequestJob(
                    request: request, connection: info, token: token, inbox: loop.inbox, spoolPath: spoolPath)
                let record = LogRecord(
                    method: request.method, target: request.target, startedAt: startedAt,
                    isHead: request.method == .head, forwardedFor: request.headers.values("X-Forwarded-For"))
                if loop.context.pool.submit(job) {
                    inFlight = record
                } else {
                    if let spoolPath { unlink(spoolPath) }
                    let busy = ResponseEncoding.plain(
                        status: .serviceUnavailable, message: "The server is busy; try again in a moment.",
                        request: ResponseContext(request.head), date: loop.date(),
                        extraHeaders: [("Retry-After", "1")])
                    outbound.append(busy.bytes)
                    logAnswer(record, status: busy.status, bytes: busy.bodyByteCount)
                }
            }
        }
        if holdingForContinue, inFlight == nil, stream == nil, ready.isEmpty {
            holdingForContinue = false
            outbound.append(HTTPResponseSerializer.continueResponse)
            inbound?.bodyStartedAt = loop.now
        }
    }

    /// A worker's complete response.
    func receive(_ response: CompletedResponse) {
        guard let record = inFlight, stream == nil else { return }
        inFlight = nil
        outbound.append(response.bytes)
        if let body = response.separateBody { outbound.append(body) }
        if let onSent = response.onSent { sentCallbacks.append((outbound.appendedTotal, onSent)) }
        logAnswer(record, status: response.status, bytes: record.isHead ? 0 : response.bodyByteCount)
        if !response.keepAlive || loop.shuttingDown { endAfterThisResponse() }
        resumeAfterResponse()
    }

    /// A worker started a streamed response: the head goes out now, the body as the
    /// worker writes it.
    func receiveStreamStart(_ head: CompletedResponse, channel: ResponseStreamChannel) {
        guard inFlight != nil, stream == nil else {
            channel.clientGone()
            return
        }
        stream = channel
        streamBodyBytes = 0
        streamStatus = head.status
        streamKeepAlive = head.keepAlive
        streamFraming = head.bodyFraming
        streamOnSent = head.onSent
        outbound.append(head.bytes)
        flush()
    }

    /// Moves what the streaming worker wrote into the outbound queue while the socket
    /// keeps up; called whenever the worker signals and whenever writing drains.
    func pullStream() {
        guard let channel = stream, outbound.byteCount < Self.outboundHighWater else { return }
        let taken = channel.take()
        for chunk in taken.chunks {
            switch streamFraming {
            case .chunked:
                outbound.append(HTTPResponseSerializer.chunkHeader(count: chunk.count))
                outbound.append(chunk)
                outbound.append(HTTPResponseSerializer.chunkTerminator)
            case .untilClose, .contentLength:
                outbound.append(chunk)
            case .none:
                continue
            }
            streamBodyBytes += chunk.count
        }
        guard taken.finished else { return }
        stream = nil
        if taken.failed {
            // The handler failed part-way: without the last chunk the client can tell
            // the body is incomplete.
            endAfterThisResponse()
        } else {
            if streamFraming == .chunked { outbound.append(HTTPResponseSerializer.lastChunk) }
            if let onSent = streamOnSent { sentCallbacks.append((outbound.appendedTotal, onSent)) }
        }
        streamOnSent = nil
        if let record = inFlight {
            logAnswer(record, status: streamStatus, bytes: streamBodyBytes)
        }
        inFlight = nil
        if !streamKeepAlive || loop.shuttingDown { endAfterThisResponse() }
        resumeAfterResponse()
    }

    private func endAfterThisResponse() {
        stopReading = true
        closeAfterWrite = true
        holdingForContinue = false
        dropInbound()
        discardReady()
    }

    /// Starts the next waiting request (if the client has taken enough of what it was
    /// sent), parses and reads on, and writes.
    func resumeAfterResponse() {
        dispatchReady()
        processInput()
        readAvailable()
        flush()
    }

    /// Forgets requests that will not be answered, deleting their spool files.
    func discardReady() {
        while let item = ready.popFirst() {
            if case .request(_, _, let spoolPath?) = item { unlink(spoolPath) }
        }
    }

    private func logAnswer(_ record: LogRecord, status: Int, bytes: Int) {
        requestsServed += 1
        let elapsed = loop.now > record.startedAt ? loop.now - record.startedAt : 0
        loop.context.log(AccessLogEntry(
            method: record.method, target: record.target, status: status, bytes: bytes,
            duration: .nanoseconds(Int64(clamping: elapsed)), remoteAddress: info.remoteAddress,
            forwardedFor: record.forwardedFor))
    }
}
