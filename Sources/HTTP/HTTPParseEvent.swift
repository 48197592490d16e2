/// What the request parser produces, in order, for each request: one `.head`, any number
/// of `.body` pieces, one `.end`.
public enum HTTPParseEvent: Sendable, Equatable {
    case head(HTTPRequestHead)
    /// One piece of body data, de-chunked; pieces are never empty.
    case body([UInt8])
    /// The request is complete. Trailers come from a chunked body's trailer section
    /// (framing and routing fields are dropped from it); empty otherwise.
    case end(trailers: HTTPHeaders)
}
