// CONTRACT (to be implemented by the parser work, issue 2). The server and the tests
// code against these signatures.
//
// public struct HTTPParserLimits: Sendable {
//     public var maxRequestLineBytes = 8 * 1024      // 414 past it
//     public var maxHeaderBytes = 32 * 1024          // 431 past it (whole header block)
//     public var maxHeaderCount = 100                // 431 past it
//     public var maxChunkExtensionBytes, maxTrailerBytes ... (as the parser needs)
// }
//
// /// Incremental, strict RFC 9112 request parser. Bytes go in with `append`; `next()`
// /// hands out events one at a time, returning nil when it needs more bytes. Pipelined
// /// requests follow each other: after `.end` the next call starts the next request.
// public struct HTTPRequestParser: Sendable {
//     public init(limits: HTTPParserLimits = HTTPParserLimits())
//     public mutating func append(_ bytes: UnsafeRawBufferPointer)
//     public mutating func append(_ bytes: [UInt8])
//     public mutating func next() throws(HTTPParseError) -> HTTPParseEvent?
//     /// Bytes received but not yet consumed (for the server's read back-pressure).
//     public var bufferedByteCount: Int { get }
// }
//
// public enum HTTPParseEvent: Sendable, Equatable {
//     case head(HTTPRequestHead)
//     case body([UInt8])            // one piece of (de-chunked) body data
//     case end(trailers: HTTPHeaders)
// }
//
// /// A framing or syntax error. The connection must be answered with `status` and closed;
// /// the parser refuses further input after throwing.
// public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
//     public var status: HTTPStatus   // 400, 414, 431, 501, 505 ...
//     public var description: String  // what was wrong, for logs and the 4xx body
// }
//
// Response serialization lives in this target too (HTTPResponseSerializer: head bytes
// for a response given the request's version/keep-alive/HEAD, and chunk framing).
