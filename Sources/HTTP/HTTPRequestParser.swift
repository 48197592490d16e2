/// Incremental, strict RFC 9112 request parser working on bytes.
///
/// Bytes go in with `append`; `next()` hands out events one at a time and returns nil when
/// it needs more bytes. Pipelined requests follow each other: after `.end` the next call
/// starts on the next request. Body bytes are handed out as they arrive, so the parser
/// never holds more than one incomplete line (bounded by `limits`) plus what was appended
/// and not yet taken.
///
/// Strictness (every rule answers 400 unless noted, and the parser then refuses all further
/// input): lines must end in CRLF (a bare LF or bare CR is refused, although RFC 9112 §2.2
/// allows accepting bare LF); at most two empty lines before a request line; single spaces
/// between method, target and version; the target in origin form, `http(s)://` absolute form,
/// or `*` with OPTIONS; versions other than 1.0/1.1 answer 505; no whitespace before a
/// field's colon; no obs-fold; no control characters in field values; exactly one Host in
/// HTTP/1.1; framing per RFC 9112 §6 (see `HTTPRequestParser+Framing.swift`). Field values
/// may carry obs-text (bytes 0x80-0xFF); they are decoded as UTF-8, invalid sequences
/// becoming U+FFFD.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPParserLimits

    var buffer: [UInt8] = []
    /// Everything before this index has been consumed.
    var readIndex = 0
    /// Bytes after `readIndex` already searched for LF without finding one.
    var scannedWithoutLineFeed = 0
    var state = State.requestLine
    /// The line of the current request the parser is on (1 = request line).
    var line = 1
    var emptyLinesBeforeRequest = 0
    var pending = PendingHead()
    var trailers = HTTPHeaders()
    var trailerBytes = 0
    var failure: HTTPParseError?

    enum State: Sendable, Equatable {
        case requestLine
        case fieldLines
        case fixedBody(remaining: Int)
        case chunkSizeLine
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerLines
        case messageEnd
    }

    /// A buffer emptied with more capacity than this is released rather than kept, so a
    /// connection that once received a large body does not hold its memory while idle.
    static let retainedCapacity = 64 * 1024
    /// Consumed bytes are moved out only once there are this many and they make up at
    /// least half the buffer, so compaction costs O(1) per byte.
    static let compactionThreshold = 4 * 1024
    /// RFC 9112 §2.2: ignore "at least one" empty line before a request line; we allow two.
    static let maxEmptyLinesBeforeRequest = 2

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Adds received bytes. Ignored once the parser has thrown.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes. Ignored once the parser has thrown.
    public mutating func append(_ bytes: [UInt8]) {
        guard failure == nil, !bytes.isEmpty else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet consumed (for the server's read back-pressure).
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between requests with nothing buffered: the connection is idle rather than
    /// in the middle of sending a request.
    public var isIdle: Bool {
        state == .requestLine && emptyLinesBeforeRequest == 0 && bufferedByteCount == 0 && failure == nil
    }

    /// The next event, or nil when more bytes are needed. After an error every call throws
    /// the same error again.
    public mutating func next() throws(HTTPParseError) -> HTTPParseEvent? {
        if let failure { throw failure }
        do throws(HTTPParseError) {
            return try advance()
        } catch {
            failure = error
            buffer = []
            readIndex = 0
            throw error
        }
    }

    private mutating func advance() throws(HTTPParseError) -> HTTPParseEvent? {
        while true {
            switch state {
            case .requestLine:
                guard let range = try takeLine(budget: limits.maxRequestLineBytes, overflow: .requestLineTooLong) else {
                    return nil
                }
                if range.isEmpty {
                    emptyLinesBeforeRequest += 1
                    line = 1
                    if emptyLinesBeforeRequest > Self.maxEmptyLinesBeforeRequest {
                        throw HTTPParseError(.tooManyEmptyLines, line: 1, column: 1)
                    }
                    continue
                }
                try parseRequestLine(range, line: line - 1)
                state = .fieldLines

            case .fieldLines:
                let budget = limits.maxHeaderBytes - pending.headerBytes
                guard let range = try takeLine(budget: budget, overflow: .headerBlockTooLarge) else { return nil }
                pending.headerBytes += range.count + 2
                if range.isEmpty {
                    let head = try finishHead(line: line - 1)
                    switch head.framing {
                    case .none, .contentLength(0): state = .messageEnd
                    case .contentLength(let count): state = .fixedBody(remaining: count)
                    case .chunked: state = .chunkSizeLine
                    }
                    pending = PendingHead()
                    return .head(head)
                }
                try parseHeaderField(range, line: line - 1)

            case .fixedBody(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = piece.count == remaining ? .messageEnd : .fixedBody(remaining: remaining - piece.count)
                return .body(piece)

            case .chunkSizeLine:
                let budget = Self.maxChunkSizeDigits + limits.maxChunkExtensionBytes + 2
                guard let range = try takeLine(budget: budget, overflow: .chunkLineTooLong) else { return nil }
                let size = try parseChunkSizeLine(range, line: line - 1)
                state = size == 0 ? .trailerLines : .chunkData(remaining: size)

            case .chunkData(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = piece.count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)

            case .chunkDataEnd:
                guard try takeChunkDataTerminator() else { return nil }
                state = .chunkSizeLine

            case .trailerLines:
                let budget = limits.maxTrailerBytes - trailerBytes
                guard let range = try takeLine(budget: budget, overflow: .trailerSectionTooLarge) else { return nil }
                trailerBytes += range.count + 2
                if range.isEmpty {
                    state = .messageEnd
                    continue
                }
                try parseTrailerField(range, line: line - 1)

            case .messageEnd:
                let finished = trailers
                startNextRequest()
                return .end(trailers: finished)
            }
        }
    }

    private mutating func startNextRequest() {
        state = .requestLine
        line = 1
        emptyLinesBeforeRequest = 0
        trailers = HTTPHeaders()
        trailerBytes = 0
    }

    /// Finds the next complete line, consumes it with its CRLF and returns the range of its
    /// content, or nil when no LF has arrived yet. `budget` bounds the line including CRLF;
    /// the check runs on partial lines too, so an endless line fails as soon as it is over.
    mutating func takeLine(budget: Int, overflow: HTTPParseError.Kind) throws(HTTPParseError) -> Range<Int>? {
        let searchStart = readIndex + scannedWithoutLineFeed
        let lineFeed: Int? = buffer.withUnsafeBufferPointer { bytes in
            var index = searchStart
            while index < bytes.count {
                if bytes[index] == HTTPSyntax.lf { return index }
                index += 1
            }
            return nil
        }
        guard let lineFeed else {
            scannedWithoutLineFeed = buffer.count - readIndex
            if scannedWithoutLineFeed > budget { throw HTTPParseError(overflow, line: line, column: 1) }
            return nil
        }
        if lineFeed + 1 - readIndex > budget { throw HTTPParseError(overflow, line: line, column: 1) }
        guard lineFeed > readIndex, buffer[lineFeed - 1] == HTTPSyntax.cr else {
            throw HTTPParseError(.bareLineFeed, line: line, column: lineFeed - readIndex + 1)
        }
        let content = readIndex..<(lineFeed - 1)
        readIndex = lineFeed + 1
        scannedWithoutLineFeed = 0
        line += 1
        return content
    }

    /// Takes up to `limit` buffered body bytes, or nil when none are buffered.
    private mutating func takeBody(upTo limit: Int) -> [UInt8]? {
        let count = min(buffer.count - readIndex, limit)
        guard count > 0 else { return nil }
        let piece = Array(buffer[readIndex..<(readIndex + count)])
        readIndex += count
        return piece
    }

    /// Consumes the CRLF after chunk data; false when it has not fully arrived.
    private mutating func takeChunkDataTerminator() throws(HTTPParseError) -> Bool {
        let available = buffer.count - readIndex
        if available >= 1, buffer[readIndex] != HTTPSyntax.cr {
            throw HTTPParseError(.missingChunkDataTerminator, line: line, column: 1)
        }
        if available >= 2, buffer[readIndex + 1] != HTTPSyntax.lf {
            throw HTTPParseError(.missingChunkDataTerminator, line: line, column: 2)
        }
        guard available >= 2 else { return false }
        readIndex += 2
        line += 1
        return true
    }

    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > Self.retainedCapacity {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if readIndex >= Self.compactionThreshold, readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
