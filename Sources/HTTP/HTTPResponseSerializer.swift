/// What the serializer needs to know about the request a response answers.
public struct ResponseContext: Sendable, Equatable {
    /// The request's version: HTTP/1.0 clients get streamed bodies delimited by closing.
    public var version: HTTPVersion
    /// Whether the connection may stay open after the response, as far as the request and
    /// the server are concerned (the response can still force a close).
    public var keepAlive: Bool
    /// A HEAD request gets the headers of the response but never its body.
    public var isHeadRequest: Bool

    public init(version: HTTPVersion = .http1_1, keepAlive: Bool = true, isHeadRequest: Bool = false) {
        self.version = version
        self.keepAlive = keepAlive
        self.isHeadRequest = isHeadRequest
    }

    /// The context of a parsed request head.
    public init(_ head: HTTPRequestHead) {
        self.init(version: head.version, keepAlive: head.keepAlive, isHeadRequest: head.method == .head)
    }
}

/// How the bytes after a serialized response head must be written.
public enum ResponseBodyFraming: Sendable, Equatable {
    /// Nothing follows the head (HEAD requests, 1xx, 204, 304).
    case none
    /// Exactly this many bytes follow, as they are.
    case contentLength(Int)
    /// The body follows in chunks (`HTTPResponseSerializer.chunk`), ended by `lastChunk`.
    case chunked
    /// The body follows as it is and the connection is closed to end it (HTTP/1.0 streams).
    case untilClose
}

/// A serialized response head and what the server must do after writing it.
public struct SerializedResponseHead: Sendable, Equatable {
    /// The status line and header section, ending in the empty line.
    public var bytes: [UInt8]
    /// How the body must follow.
    public var bodyFraming: ResponseBodyFraming
    /// False when the connection must be closed once the response is written.
    public var keepAlive: Bool
    /// Handler fields left out because their name is not a token or their value contains
    /// CR, LF, NUL or another control character (worth a log line: a handler bug).
    public var droppedFieldNames: [String]
}

/// Turns responses into bytes.
///
/// Decisions: the status line always says HTTP/1.1 (RFC 9110 §2.5). The serializer owns the
/// framing fields: a handler's `Content-Length`, `Transfer-Encoding`, `Date` and `Connection`
/// are replaced (a handler's `Connection: close` still closes the connection). Handler fields
/// that could split the response (CR, LF, NUL or other controls in a value, a name that is
/// not a token) are dropped, never sent and never trapped on, and reported in
/// `droppedFieldNames`. A reason phrase with such bytes is replaced by the standard one.
public enum HTTPResponseSerializer {
    /// The head for `response` answering a request described by `request`. `date` is the
    /// `Date` value (IMF-fixdate, see `HTTPDate`), cached per second by the caller.
    public static func head(for response: HTTPResponse, answering request: ResponseContext, date: String) -> SerializedResponseHead {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192 + response.headers.count * 48)
        var dropped: [String] = []
        var keepAlive = request.keepAlive

        let status = sanitizedStatus(response.status)
        appendStatusLine(status, to: &bytes)

        for field in response.headers {
            if HTTPHeaders.namesMatch(field.name, "Connection") {
                let tokens = field.value.lowercased().split(separator: ",")
                if tokens.contains(where: { $0.trimmingASCIIWhitespace() == "close" }) {
                    keepAlive = false
                }
                continue
            }
            if isServerOwned(field.name) { continue }
            guard isValidName(field.name), isValidValue(field.value) else {
                dropped.append(field.name)
                continue
            }
            appendField(field.name, field.value, to: &bytes)
        }
        if !date.isEmpty, isValidValue(date) { appendField("Date", date, to: &bytes) }

        var framing: ResponseBodyFraming
        switch response.body {
        case .empty: framing = .contentLength(0)
        case .bytes(let body): framing = .contentLength(body.count)
        case .stream: framing = request.version == .http1_0 ? .untilClose : .chunked
        }
        if status.forbidsBody {
            framing = .none
        } else {
            switch framing {
            case .contentLength(let count): appendContentLength(count, to: &bytes)
            case .chunked: appendField("Transfer-Encoding", "chunked", to: &bytes)
            case .untilClose, .none: break
            }
        }
        if request.isHeadRequest {
            framing = .none
        } else if framing == .untilClose {
            keepAlive = false
        }

        if !keepAlive {
            appendField("Connection", "close", to: &bytes)
        } else if request.version == .http1_0 {
            appendField("Connection", "keep-alive", to: &bytes)
        }
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
        return SerializedResponseHead(bytes: bytes, bodyFraming: framing, keepAlive: keepAlive, droppedFieldNames: dropped)
    }

    /// The interim response sent before reading the body of an `Expect: 100-continue` request.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The size line that starts a chunk of `count` bytes (`count` must be above zero; a
    /// zero-size chunk ends the body).
    public static func chunkHeader(count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        appendHex(count, to: &bytes)
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
        return bytes
    }

    /// The CRLF that follows every chunk's data.
    public static let chunkTerminator: [UInt8] = [HTTPSyntax.cr, HTTPSyntax.lf]

    /// The zero-size chunk and empty trailer section that end a chunked body.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// One complete chunk carrying `data`; empty for empty data, which must never be sent as
    /// a chunk because a zero-size chunk would end the body.
    public static func chunk(_ data: [UInt8]) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        var bytes = chunkHeader(count: data.count)
        bytes.reserveCapacity(bytes.count + data.count + 2)
        bytes.append(contentsOf: data)
        bytes.append(contentsOf: chunkTerminator)
        return bytes
    }

    // MARK: - Pieces

    static func isServerOwned(_ name: String) -> Bool {
        HTTPHeaders.namesMatch(name, "Content-Length") || HTTPHeaders.namesMatch(name, "Transfer-Encoding")
            || HTTPHeaders.namesMatch(name, "Date")
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPSyntax.isTokenByte)
    }

    /// field-value bytes: HTAB, SP, visible ASCII, obs-text. No CR, LF, NUL or other controls.
    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == HTTPSyntax.tab || ($0 >= 0x20 && $0 != 0x7F) }
    }

    private static func sanitizedStatus(_ status: HTTPStatus) -> HTTPStatus {
        guard (100...999).contains(status.code) else { return .internalServerError }
        guard isValidValue(status.reason) else { return HTTPStatus(code: status.code) }
        return status
    }

    private static func appendStatusLine(_ status: HTTPStatus, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &bytes)
        bytes.append(HTTPSyntax.space)
        bytes.append(contentsOf: status.reason.utf8)
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
    }

    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(HTTPSyntax.colon)
        bytes.append(HTTPSyntax.space)
        bytes.append(contentsOf: value.utf8)
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
    }

    private static func appendContentLength(_ count: Int, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "Content-Length: ".utf8)
        appendDecimal(count, to: &bytes)
        bytes.append(HTTPSyntax.cr)
        bytes.append(HTTPSyntax.lf)
    }

    static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
        let value = UInt(max(0, number))
        var divisor: UInt = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: (value / divisor) % 10) + 48)
            divisor /= 10
        }
    }

    static func appendHex(_ number: Int, to bytes: inout [UInt8]) {
        let value = UInt(max(0, number))
        var shift = (UInt.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4
        if shift == 0 { shift = 4 }
        while shift > 0 {
            shift -= 4
            let nibble = UInt8(truncatingIfNeeded: (value >> UInt(shift)) & 0xF)
            bytes.append(nibble < 10 ? nibble + 48 : nibble + 87)
        }
    }
}
