import Foundation
import HTTP

/// The fields of an `application/x-www-form-urlencoded` body, decoded, in order.
///
/// ```swift
/// router.post("/login") { request, context in
///     let form = try request.formData()          // wrong type -> 415, malformed -> 400
///     let email = try form.string("email")        // missing -> 400
///     ...
/// }
/// ```
///
/// `multipart/form-data` (file uploads) is not handled yet: it answers 415 until the
/// multipart parser arrives.
public struct FormData: FieldValues, Sendable, Equatable {
    /// Every field in the order sent.
    public let fields: [FormField]

    /// The most fields a form may carry; past it the body is refused with 400.
    public static let maxFields = 1000

    public init(fields: [FormField]) {
        self.fields = fields
    }

    /// Parses the body of `request`, refusing other content types (415) and bodies that
    /// are not valid form encoding (400).
    public init(request: HTTPRequest) throws {
        try Self.checkContentType(request.headers["Content-Type"])
        let bytes = try Self.bodyBytes(request.body)
        guard let form = try? URLEncodedForm(parsing: bytes), form.count <= Self.maxFields else {
            throw WebError.badRequest("The form could not be read. Reload the page and try again.")
        }
        fields = form.fields
    }

    public func missingValueError(_ name: String) -> any Error {
        WebError.badRequest("The form is missing the field '\(name)'. Reload the page and try again.")
    }

    public func invalidValueError(_ name: String, expected: String) -> any Error {
        WebError.badRequest("The form field '\(name)' must be \(expected).")
    }

    private static func checkContentType(_ value: String?) throws {
        guard let value else {
            throw WebError.unsupportedMediaType("The request has no Content-Type; a form must be sent as application/x-www-form-urlencoded.")
        }
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let mediaType = parts.first?.lowercased(), mediaType == "application/x-www-form-urlencoded" else {
            throw WebError.unsupportedMediaType("This address accepts forms sent as application/x-www-form-urlencoded only.")
        }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0).lowercased() }
            if pair.first == "charset", let charset = pair.last?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")),
               charset != "utf-8" {
                throw WebError.unsupportedMediaType("Forms must be sent in UTF-8.")
            }
        }
    }

    private static func bodyBytes(_ body: RequestBody) throws -> [UInt8] {
        switch body {
        case .empty:
            return []
        case .bytes(let bytes):
            return bytes
        case .file(let path, _):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BodyFileUnreadable(path: path)
            }
            return Array(data)
        }
    }
}

extension HTTPRequest {
    /// The body as an urlencoded form; see `FormData.init(request:)`.
    public func formData() throws -> FormData {
        try FormData(request: self)
    }
}

/// The server spooled a body to a file the handler cannot read back.
struct BodyFileUnreadable: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot read the spooled request body at \(path)" }
}
