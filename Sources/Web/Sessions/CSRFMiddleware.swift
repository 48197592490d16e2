import HTTP
import Security

/// Refuses state-changing requests (POST, PUT, PATCH, DELETE) that another site could
/// have made on the user's behalf:
/// - an `Origin` header (or, without one, a `Referer`) naming a different origin than
///   the site's own is refused;
/// - the session's CSRF token must come back, as the form field `csrf_token` or the
///   `X-CSRF-Token` header, and is compared in constant time. A visitor who is not signed
///   in may instead send back the anonymous token of their `csrf` cookie
///   (`SignedFormToken`: signed by us, not expired, and equal to the one sent).
///
/// A refusal is a 403 page telling the person what to do (reload, allow cookies). Runs
/// after `SessionMiddleware` in the same route group.
public struct CSRFMiddleware: Middleware {
    /// The site's own origin, `scheme://host[:port]` (from `BASE_URL`).
    public let origin: String

    /// - Parameter baseURL: the address people use to reach the site; only its origin counts.
    public init(baseURL: String) {
        origin = Self.origin(of: baseURL) ?? baseURL.lowercased()
    }

    static let refusal = "This form could not be accepted: it was open too long, you signed in or out in another tab, "
        + "or it was sent from another site. Reload the page and try again."
    static let expired = "This form was open too long to be accepted. Reload the page and try again."
    static let cookieMissing = "This form could not be accepted: your browser did not send back the cookie the page set. "
        + "Allow cookies for this site, then reload the page and try again."

    public func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        switch request.method {
        case .post, .put, .patch, .delete:
            try check(request, context)
        default:
            break
        }
        return try next(request, context)
    }

    private func check(_ request: HTTPRequest, _ context: RequestContext) throws {
        if let sent = request.headers["Origin"] {
            guard Self.origin(of: sent) == origin else { throw WebError.forbidden(Self.refusal) }
        } else if let referer = request.headers["Referer"] {
            guard Self.origin(of: referer) == origin else { throw WebError.forbidden(Self.refusal) }
        }
        let sentToken = request.headers["X-CSRF-Token"] ?? Self.formToken(request)
        guard let session = context.session else { throw WebError.forbidden(Self.refusal) }
        if let expected = session.current?.csrfToken, let sentToken, ConstantTime.equals(sentToken, expected) { return }
        // A signed-in session accepts only its own token.
        guard session.current?.userID == nil else { throw WebError.forbidden(Self.refusal) }
        try checkAnonymous(sentToken, session)
    }

    /// The anonymous token: the cookie must be ours and fresh, and the one sent must be it.
    private func checkAnonymous(_ sentToken: String?, _ session: SessionHandle) throws {
        guard let sentToken else { throw WebError.forbidden(Self.refusal) }
        guard let cookie = session.formTokenCookie, let verdict = try session.checkFormTokenCookie() else {
            // A form from a session that has since ended is not a cookie problem.
            throw WebError.forbidden(session.wasExpired ? Self.refusal : Self.cookieMissing)
        }
        switch verdict {
        case .forged:
            throw WebError.forbidden(Self.refusal)
        case .expired:
            throw WebError.forbidden(Self.expired)
        case .valid:
            guard ConstantTime.equals(sentToken, cookie) else { throw WebError.forbidden(Self.refusal) }
        }
    }

    private static func formToken(_ request: HTTPRequest) -> String? {
        guard let type = request.headers["Content-Type"]?.lowercased(),
              type.hasPrefix("application/x-www-form-urlencoded")
        else { return nil }
        return (try? request.formData())?["csrf_token"]
    }

    /// `scheme://host[:port]` in lowercase, default ports dropped; nil for text that is
    /// not an absolute http(s) URL (including the `null` origin).
    static func origin(of url: String) -> String? {
        let lowered = url.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") { scheme = "https" } else if lowered.hasPrefix("http://") { scheme = "http" } else { return nil }
        let rest = lowered.dropFirst(scheme.count + 3)
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { return nil }
        var host = String(authority)
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        return "\(scheme)://\(host)"
    }
}
