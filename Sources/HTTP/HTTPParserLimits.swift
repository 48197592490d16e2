/// Size limits the request parser enforces while it reads a request head, chunk lines and
/// trailers. Body size is not among them: the parser hands body bytes out as they arrive
/// and the server, which knows each route's limit, decides when a body is too large.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The request line including its CRLF; past it the parser throws 414.
    public var maxRequestLineBytes: Int
    /// The header section: every field line with its CRLF plus the empty line that ends
    /// the section; past it the parser throws 431.
    public var maxHeaderBytes: Int
    /// The number of header fields (and, separately, trailer fields); past it 431.
    public var maxHeaderCount: Int
    /// The chunk extensions of one chunk-size line; past it 400.
    public var maxChunkExtensionBytes: Int
    /// The trailer section, counted like `maxHeaderBytes`; past it 431.
    public var maxTrailerBytes: Int

    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxChunkExtensionBytes: Int = 1024,
        maxTrailerBytes: Int = 8 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkExtensionBytes = maxChunkExtensionBytes
        self.maxTrailerBytes = maxTrailerBytes
    }
}
