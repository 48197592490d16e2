import HTTP

/// Turns handler responses and the loop's own answers into bytes for the socket with the
/// HTTP target's `HTTPResponseSerializer`.
enum ResponseEncoding {
    /// Bodies up to this size are copied behind the head so both leave in one write.
    static let inlineBodyLimit = 16 * 1024

    /// A response whose whole body is known (sent with Content-Length).
    static func complete(_ response: HTTPResponse, body: [UInt8], request: ResponseContext, date: String) -> CompletedResponse {
        let head = HTTPResponseSerializer.head(for: response, answering: request, date: date)
        var bytes = head.bytes
        var separate: [UInt8]?
        let sendsBody = head.bodyFraming != .none
        if sendsBody {
            if body.count <= inlineBodyLimit {
                bytes.append(contentsOf: body)
            } else {
                separate = body
            }
        }
        return CompletedResponse(
            bytes: bytes, separateBody: separate, status: response.status.code,
            bodyByteCount: sendsBody ? body.count : 0, keepAlive: head.keepAlive, bodyFraming: head.bodyFraming,
            onSent: response.onSent)
    }

    /// The head of a streamed response; the body follows as the framing says.
    static func streamHead(_ response: HTTPResponse, request: ResponseContext, date: String) -> CompletedResponse {
        let head = HTTPResponseSerializer.head(for: response, answering: request, date: date)
        return CompletedResponse(
            bytes: head.bytes, separateBody: nil, status: response.status.code, bodyByteCount: 0,
            keepAlive: head.keepAlive, bodyFraming: head.bodyFraming, onSent: response.onSent)
    }

    /// A short plain-text answer the server makes itself (errors, 503, 408).
    static func plain(
        status: HTTPStatus, message: String, request: ResponseContext, date: String,
        extraHeaders: [(String, String)] = []
    ) -> CompletedResponse {
        var response = HTTPResponse.text(message + "\n", status: status)
        for (name, value) in extraHeaders { response.headers.add(name, value) }
        let body: [UInt8]
        if case .bytes(let bytes) = response.body { body = bytes } else { body = [] }
        return complete(response, body: body, request: request, date: date)
    }
}
