/// The head of a request: everything before the body, as the parser validated it.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (origin-form `/path?query` in practice).
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the body is delimited, decided from Content-Length / Transfer-Encoding.
    public var framing: BodyFraming
    /// False when the client asked to close (`Connection: close`, or HTTP/1.0 without keep-alive).
    public var keepAlive: Bool
    /// True for `Expect: 100-continue`.
    public var expectsContinue: Bool

    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], framing: BodyFraming = .none,
        keepAlive: Bool = true, expectsContinue: Bool = false
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// The path part of the target, before any `?` (still percent-encoded). For an
    /// absolute-form target (`http://host/path?q`) the scheme and authority are skipped,
    /// and an empty path is `/`.
    public var path: Substring {
        let pathAndQuery = originFormPart
        let path: Substring
        if let mark = pathAndQuery.firstIndex(of: "?") {
            path = pathAndQuery[..<mark]
        } else {
            path = pathAndQuery
        }
        return path.isEmpty && !target.hasPrefix("*") ? "/" : path
    }

    /// The query part of the target after `?`, or nil when there is none.
    public var query: Substring? {
        let pathAndQuery = originFormPart
        guard let mark = pathAndQuery.firstIndex(of: "?") else { return nil }
        return pathAndQuery[pathAndQuery.index(after: mark)...]
    }

    /// The target from the path on: the whole target in origin form, the part after the
    /// authority in absolute form.
    private var originFormPart: Substring {
        guard !target.hasPrefix("/"), let colon = target.firstIndex(of: ":"),
              target[colon...].hasPrefix("://")
        else { return target[...] }
        let authorityAndRest = target[target.index(colon, offsetBy: 3)...]
        guard let pathStart = authorityAndRest.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
            return authorityAndRest[authorityAndRest.endIndex...]
        }
        return authorityAndRest[pathStart...]
    }
}

/// How a request body is delimited (RFC 9112 §6).
public enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A complete request as handlers see it.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: RequestBody

    public init(head: HTTPRequestHead, body: RequestBody = .empty) {
        self.head = head
        self.body = body
    }

    public var method: HTTPMethod { head.method }
    public var target: String { head.target }
    public var headers: HTTPHeaders { head.headers }
    public var path: Substring { head.path }
    public var query: Substring? { head.query }
}

/// A request body, held in memory or, past a size the server chooses, spooled to a
/// temporary file that the server deletes after the response.
public enum RequestBody: Sendable {
    case empty
    case bytes([UInt8])
    case file(path: String, count: Int)

    public var count: Int {
        switch self {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .file(_, let count): count
        }
    }
}
