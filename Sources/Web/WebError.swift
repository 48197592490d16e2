import HTTP

/// An error meant for the person who made the request: it carries the status to answer
/// with and a message they can act on. The error middleware turns any thrown
/// `PresentableError` into that status and an error page; every other error becomes a
/// generic 500 whose detail goes to the log only.
public protocol PresentableError: Error {
    /// The status the response gets.
    var status: HTTPStatus { get }
    /// Shown on the error page; written for a person, never containing internal detail.
    var message: String { get }
    /// Extra response headers (`Allow` on 405, `Retry-After` on 429 and 503, ...).
    var headers: HTTPHeaders { get }
}

extension PresentableError {
    public var headers: HTTPHeaders { [:] }
}

/// The web layer's own presentable error: a status, a person-readable message and
/// optional headers. Throw it from handlers and middleware:
///
/// ```swift
/// throw WebError.notFound()
/// throw WebError(.conflict, "This campaign was changed by someone else; reload and try again.")
/// ```
public struct WebError: PresentableError, CustomStringConvertible, Sendable {
    public var status: HTTPStatus
    public var message: String
    public var headers: HTTPHeaders

    /// An error with `status`; without a message the page says what the status means.
    public init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? Self.defaultMessage(for: status)
        self.headers = headers
    }

    public var description: String { "\(status): \(message)" }

    public static func badRequest(_ message: String? = nil) -> WebError {
        WebError(.badRequest, message)
    }

    public static func forbidden(_ message: String? = nil) -> WebError {
        WebError(.forbidden, message)
    }

    public static func notFound(_ message: String? = nil) -> WebError {
        WebError(.notFound, message)
    }

    /// 405 with the `Allow` header listing what the resource does accept.
    public static func methodNotAllowed(allowed: [HTTPMethod]) -> WebError {
        WebError(
            .methodNotAllowed, nil,
            headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
        )
    }

    public static func unsupportedMediaType(_ message: String? = nil) -> WebError {
        WebError(.unsupportedMediaType, message)
    }

    public static func contentTooLarge(_ message: String? = nil) -> WebError {
        WebError(.contentTooLarge, message)
    }

    /// What a page says when the thrower gave no message.
    public static func defaultMessage(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "The request could not be understood. Check what you entered and try again."
        case 401: "Please sign in to continue."
        case 403: "You do not have permission to do this."
        case 404: "There is nothing at this address. Check the link, or go back to the home page."
        case 405: "This address does not accept that kind of request."
        case 409: "Someone else changed this in the meantime. Reload the page and try again."
        case 413: "What you sent is too large."
        case 415: "What you sent is in a format this address does not accept."
        case 422: "Some of what you entered is not valid. Correct it and try again."
        case 429: "Too many attempts. Please wait a little and try again."
        case 503: "The service is busy or down for a moment. Please try again shortly."
        case 500..<600: "Something went wrong on our side. Please try again later."
        default: status.reason
        }
    }
}
