/// A framing or syntax error in a request. The connection must be answered with `status`
/// and closed; the parser refuses further input after throwing one.
///
/// `line` counts the lines of the current request from 1 (the request line; chunk-size and
/// trailer lines continue the count), `column` is the 1-based byte position in that line.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    let kind: Kind
    /// The line of the request where the error was found (1 is the request line).
    public let line: Int
    /// The byte position in that line (1-based).
    public let column: Int

    init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// The status to answer with: 400, 414, 431, 501 or 505.
    public var status: HTTPStatus { HTTPStatus(code: kind.statusCode) }

    /// What was wrong, without the position, safe to show in a 4xx body.
    public var reason: String { kind.message }

    /// What was wrong and where, for logs and the 4xx body.
    public var description: String { describeError(line: line, column: column, kind.message) }

    enum Kind: Sendable, Equatable {
        // Request line
        case tooManyEmptyLines
        case bareLineFeed
        case bareCarriageReturn
        case requestLineTooLong
        case invalidMethodCharacter
        case missingMethod
        case malformedRequestLine
        case invalidTargetCharacter
        case invalidPercentEscape
        case unsupportedTargetForm
        case asteriskTargetWithoutOptions
        case malformedVersion
        case unsupportedVersion
        // Field lines
        case headerBlockTooLarge
        case tooManyHeaderFields
        case obsoleteLineFolding
        case missingFieldName
        case invalidFieldNameCharacter
        case whitespaceBeforeColon
        case nulInFieldValue
        case controlCharacterInFieldValue
        // Framing and header semantics
        case missingHost
        case repeatedHost
        case invalidHost
        case invalidContentLength
        case differingContentLengths
        case contentLengthOverflow
        case contentLengthWithTransferEncoding
        case transferEncodingInHTTP10
        case malformedTransferEncoding
        case chunkedNotLast
        case unsupportedTransferCoding
        // Chunked body
        case invalidChunkSize
        case chunkSizeTooLong
        case chunkSizeOverflow
        case invalidChunkExtension
        case chunkLineTooLong
        case missingChunkDataTerminator
        case trailerSectionTooLarge

        var statusCode: Int {
            switch self {
            case .requestLineTooLong: 414
            case .headerBlockTooLarge, .tooManyHeaderFields, .trailerSectionTooLarge: 431
            case .unsupportedTransferCoding: 501
            case .unsupportedVersion: 505
            default: 400
            }
        }

        var message: String {
            switch self {
            case .tooManyEmptyLines: "too many empty lines before the request line"
            case .bareLineFeed: "line ends with LF without CR"
            case .bareCarriageReturn: "CR not followed by LF"
            case .requestLineTooLong: "request line too long"
            case .invalidMethodCharacter: "invalid character in method"
            case .missingMethod: "request line does not start with a method"
            case .malformedRequestLine: "malformed request line (expected: method SP target SP version)"
            case .invalidTargetCharacter: "invalid character in request target"
            case .invalidPercentEscape: "invalid percent escape in request target"
            case .unsupportedTargetForm: "request target is not in origin, absolute or asterisk form"
            case .asteriskTargetWithoutOptions: "asterisk target is only allowed with OPTIONS"
            case .malformedVersion: "malformed HTTP version"
            case .unsupportedVersion: "unsupported HTTP version"
            case .headerBlockTooLarge: "header section too large"
            case .tooManyHeaderFields: "too many header fields"
            case .obsoleteLineFolding: "obsolete line folding (field line starts with whitespace)"
            case .missingFieldName: "field line without a name"
            case .invalidFieldNameCharacter: "invalid character in field name"
            case .whitespaceBeforeColon: "whitespace between field name and colon"
            case .nulInFieldValue: "NUL in field value"
            case .controlCharacterInFieldValue: "control character in field value"
            case .missingHost: "HTTP/1.1 request without Host"
            case .repeatedHost: "more than one Host field"
            case .invalidHost: "invalid Host value"
            case .invalidContentLength: "malformed Content-Length"
            case .differingContentLengths: "differing Content-Length values"
            case .contentLengthOverflow: "Content-Length too large"
            case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
            case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
            case .malformedTransferEncoding: "malformed Transfer-Encoding"
            case .chunkedNotLast: "Transfer-Encoding does not end with chunked"
            case .unsupportedTransferCoding: "unsupported transfer coding"
            case .invalidChunkSize: "invalid chunk size"
            case .chunkSizeTooLong: "chunk size has too many digits"
            case .chunkSizeOverflow: "chunk size too large"
            case .invalidChunkExtension: "malformed chunk extension"
            case .chunkLineTooLong: "chunk size line too long"
            case .missingChunkDataTerminator: "chunk data not followed by CRLF"
            case .trailerSectionTooLarge: "trailer section too large"
            }
        }
    }
}
