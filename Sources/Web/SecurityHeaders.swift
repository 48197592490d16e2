import HTTP

/// The headers every response carries unless its handler set its own. The defaults
/// allow scripts, styles and images only from this origin (no inline script), forbid
/// framing, and stop content-type sniffing.
public struct SecurityHeaders: Sendable {
    public var contentSecurityPolicy: String? =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    public var contentTypeOptions: String? = "nosniff"
    public var referrerPolicy: String? = "strict-origin-when-cross-origin"
    public var frameOptions: String? = "DENY"
    /// `Strict-Transport-Security`; set it when the site is served over https only.
    public var strictTransportSecurity: String?

    public init() {}

    /// No headers at all (for tests of other behaviour, or a proxy that adds them).
    public static var none: SecurityHeaders {
        var headers = SecurityHeaders()
        headers.contentSecurityPolicy = nil
        headers.contentTypeOptions = nil
        headers.referrerPolicy = nil
        headers.frameOptions = nil
        return headers
    }

    var fields: [(String, String)] {
        [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", contentTypeOptions),
            ("Referrer-Policy", referrerPolicy),
            ("X-Frame-Options", frameOptions),
            ("Strict-Transport-Security", strictTransportSecurity),
        ].compactMap { name, value in value.map { (name, $0) } }
    }
}

/// Adds `SecurityHeaders` to every response, error pages included.
struct SecurityHeadersMiddleware: Middleware {
    private let fields: [(String, String)]

    init(_ headers: SecurityHeaders) {
        fields = headers.fields
    }

    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        var response = try next(request, context)
        for (name, value) in fields where !response.headers.contains(name) {
            response.headers.add(name, value)
        }
        return response
    }
}
