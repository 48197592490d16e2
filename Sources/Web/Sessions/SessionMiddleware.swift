import Foundation
import HTTP

/// How sessions behave: the cookie's name and attributes, the two timeouts, and the key
/// that signs the CSRF tokens of visitors without a session.
public struct SessionConfiguration: Sendable {
    /// `__Host-session` when secure (https), `session` otherwise.
    public var cookieName: String
    /// Send the cookie with `Secure` (and the `__Host-` prefix); true when the site is https.
    public var secure: Bool
    /// A session unused this long (seconds) is over.
    public var idleTimeout: TimeInterval
    /// A session is over this long (seconds) after it started, however active.
    public var absoluteTimeout: TimeInterval
    /// `last_seen` is written at most this often (seconds) for a session that did not
    /// otherwise change, so reading pages does not write on every request.
    public var touchInterval: TimeInterval
    /// The key anonymous visitors' CSRF tokens are signed with (`SignedFormToken`), asked
    /// for when such a token is first made or checked. Every process must get the same
    /// key (the application derives it from its installation secret).
    public var formTokenKey: @Sendable () throws -> [UInt8]
    /// The cookie holding an anonymous visitor's CSRF token: `__Host-csrf` when secure,
    /// `csrf` otherwise.
    public var formTokenCookieName: String

    public init(
        secure: Bool, idleTimeout: TimeInterval = 2 * 3600, absoluteTimeout: TimeInterval = 24 * 3600,
        touchInterval: TimeInterval = 60, formTokenKey: @escaping @Sendable () throws -> [UInt8]
    ) {
        self.secure = secure
        cookieName = secure ? "__Host-session" : "session"
        formTokenCookieName = secure ? "__Host-csrf" : "csrf"
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchInterval = min(touchInterval, idleTimeout / 2)
        self.formTokenKey = formTokenKey
    }

    /// How long an anonymous form's token is accepted: as long as an idle session lasts.
    public var formTokenLifetime: TimeInterval { idleTimeout }
}

/// Loads the session named by the request's cookie, hands it to the handler as
/// `context.session`, then saves what changed and sets or clears the cookie. A session
/// past its idle or absolute timeout is deleted and treated as absent
/// (`context.session?.wasExpired` tells). Visitors without a session get none stored
/// until something needs storing (a sign-in, a flash message): their forms' CSRF token
/// lives in a signed cookie instead (`SessionHandle.csrfToken()`). Apply it to the route
/// groups that need sessions; static files and health checks go without.
public struct SessionMiddleware: Middleware {
    public let store: any SessionStore
    public let configuration: SessionConfiguration

    public init(store: any SessionStore, configuration: SessionConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    public func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        let now = Date()
        var session: Session?
        var expired = false
        if let token = request.cookies[configuration.cookieName] {
            if SessionToken.isWellFormed(token), let stored = try store.load(id: SessionToken.id(of: token)) {
                if stored.expiresAt > now, now.timeIntervalSince(stored.lastSeenAt) < configuration.idleTimeout {
                    session = stored
                } else {
                    try store.delete(id: stored.id)
                    expired = true
                }
            } else {
                expired = true
            }
        }
        let handle = SessionHandle(
            session: session, wasExpired: expired, formTokenCookie: request.cookies[configuration.formTokenCookieName],
            configuration: configuration, now: now)
        var context = context
        context[SessionKey.self] = handle
        var response = try next(request, context)
        try save(handle, into: &response, now: now)
        return response
    }

    private func save(_ handle: SessionHandle, into response: inout HTTPResponse, now: Date) throws {
        let state = handle.state.withLock { $0 }
        for id in state.removedIDs {
            try store.delete(id: id)
        }
        if var session = state.session {
            if let token = state.newToken {
                try store.insert(session)
                var cookie = SetCookie(name: configuration.cookieName, value: token)
                cookie.secure = configuration.secure
                cookie.maxAge = Int(configuration.absoluteTimeout)
                response.headers.add("Set-Cookie", cookie.headerValue)
            } else if state.changed || now.timeIntervalSince(session.lastSeenAt) >= configuration.touchInterval {
                session.lastSeenAt = now
                try store.update(session)
            }
        } else if state.clearsCookie {
            response.headers.add("Set-Cookie", SetCookie.expiring(configuration.cookieName, secure: configuration.secure).headerValue)
        }
        if state.session?.userID != nil, state.newToken != nil, handle.formTokenCookie != nil {
            // Signed in: the session's own token takes over from the anonymous one.
            response.headers.add("Set-Cookie", SetCookie.expiring(configuration.formTokenCookieName, secure: configuration.secure).headerValue)
        } else if state.issuesFormToken, let token = state.formToken {
            var cookie = SetCookie(name: configuration.formTokenCookieName, value: token)
            cookie.secure = configuration.secure
            cookie.sameSite = .strict
            // No Max-Age: the browser keeps it until it closes, so a form left open too long
            // comes back with its stale cookie and hears so, rather than "allow cookies".
            response.headers.add("Set-Cookie", cookie.headerValue)
        }
        if state.session != nil || state.clearsCookie || state.issuesFormToken {
            // A response that sets or depends on a session cookie must not be shared by caches.
            response.headers.set("Cache-Control", "no-store")
        }
    }
}

/// Where `SessionMiddleware` puts the session in the context.
public enum SessionKey: ContextKey {
    public typealias Value = SessionHandle
}

extension RequestContext {
    /// The request's session (nil on routes without `SessionMiddleware`).
    public var session: SessionHandle? { self[SessionKey.self] }
}
