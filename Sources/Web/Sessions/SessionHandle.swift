import Foundation
import Security
import Synchronization

/// The request's session as handlers see it (`context.session`): read it, add flash
/// messages, start a fresh signed-in session, or end it. Changes are written to the store
/// and the cookie set by `SessionMiddleware` once the handler has answered (not when it
/// throws).
public final class SessionHandle: Sendable {
    struct State {
        var session: Session?
        /// The cookie token of a session created during this request (to be sent).
        var newToken: String?
        var changed = false
        var removedIDs: [String] = []
        var clearsCookie = false
        /// The request came with a session cookie that had expired or was unknown.
        var wasExpired = false
        /// The anonymous CSRF token this request's forms carry (`csrfToken()` without a session).
        var formToken: String?
        /// `formToken` was made during this request and goes out in a cookie.
        var issuesFormToken = false
    }

    let state: Mutex<State>
    let configuration: SessionConfiguration
    let now: Date
    /// The anonymous CSRF token cookie the request came with (`SignedFormToken`), unchecked.
    let formTokenCookie: String?

    init(session: Session?, wasExpired: Bool, formTokenCookie: String?, configuration: SessionConfiguration, now: Date) {
        var initial = State(session: session)
        initial.wasExpired = wasExpired
        initial.clearsCookie = wasExpired
        state = Mutex(initial)
        self.formTokenCookie = formTokenCookie
        self.configuration = configuration
        self.now = now
    }

    /// The current session, if the request has one (or one was started).
    public var current: Session? { state.withLock { $0.session } }

    /// The signed-in user's id, if any.
    public var userID: Int64? { current?.userID }

    /// True when the request carried a session cookie that is no longer valid (timed out,
    /// signed out elsewhere): pages can say "your session expired".
    public var wasExpired: Bool { state.withLock { $0.wasExpired } }

    /// The CSRF token for forms: the session's; without a session, a signed token the
    /// browser keeps in a cookie (`SignedFormToken`), so showing the sign-in form to
    /// anyone stores nothing. A valid one the browser already holds is reused until half
    /// its lifetime has passed, so several open tabs keep working.
    public func csrfToken() throws -> String {
        if let session = current { return session.csrfToken }
        if let token = state.withLock({ $0.formToken }) { return token }
        if let cookie = formTokenCookie, case .valid(let issuedAt) = try checkFormTokenCookie(),
           now.timeIntervalSince(issuedAt) < configuration.formTokenLifetime / 2 {
            state.withLock { $0.formToken = cookie }
            return cookie
        }
        let token = try SignedFormToken.issue(key: try configuration.formTokenKey(), now: now)
        state.withLock { state in
            state.formToken = token
            state.issuesFormToken = true
        }
        return token
    }

    /// What the anonymous token cookie the request came with is; nil without one.
    func checkFormTokenCookie() throws -> SignedFormToken.Verdict? {
        guard let cookie = formTokenCookie else { return nil }
        return SignedFormToken.check(cookie, key: try configuration.formTokenKey(), lifetime: configuration.formTokenLifetime, now: now)
    }

    /// The token the page's forms carry, when there is one yet (the session's, or the
    /// anonymous one `csrfToken()` made); never makes one.
    public var currentCSRFToken: String? {
        state.withLock { $0.session?.csrfToken ?? $0.formToken }
    }

    /// Adds a message shown once on the next page rendered.
    public func flash(_ kind: FlashMessage.Kind, _ message: String) throws {
        _ = try ensureSession()
        modify { $0.flash.append(FlashMessage(kind, message)) }
    }

    /// Takes the flash messages out of the session (they show once).
    public func takeFlash() -> [FlashMessage] {
        state.withLock { state in
            guard var session = state.session, !session.flash.isEmpty else { return [] }
            let flash = session.flash
            session.flash = []
            state.session = session
            state.changed = true
            return flash
        }
    }

    /// Changes the session (organization, values) and marks it to be saved.
    public func modify(_ body: (inout Session) -> Void) {
        state.withLock { state in
            guard var session = state.session else { return }
            body(&session)
            state.session = session
            state.changed = true
        }
    }

    /// Keeps a small value in the session until it ends or the user signs in (a sign-in
    /// flow's `state`, say), starting an anonymous session when there is none.
    public func setValue(_ value: String, forKey key: String) throws {
        _ = try ensureSession()
        modify { $0.values[key] = value }
    }

    /// The value stored under `key`, if any.
    public func value(forKey key: String) -> String? {
        current?.values[key]
    }

    /// Removes and returns the value under `key` (for one-time values such as a `state`).
    @discardableResult
    public func removeValue(forKey key: String) -> String? {
        guard let value = value(forKey: key) else { return nil }
        modify { $0.values[key] = nil }
        return value
    }

    /// Replaces the session with a new one for `userID`, under a new token and a new CSRF
    /// token (so a token planted before sign-in is worthless). Pending flash messages are
    /// carried over; everything else of the old session is dropped and it is deleted.
    @discardableResult
    public func startSignedIn(userID: Int64, organizationID: Int64?, ipAddress: String?, userAgent: String?) throws -> Session {
        let token = try SecureRandom.base64URLToken(byteCount: 32)
        let csrf = try SecureRandom.base64URLToken(byteCount: 32)
        return state.withLock { state in
            // (Deleting one that was only created during this request is a no-op.)
            if let old = state.session { state.removedIDs.append(old.id) }
            var session = Session(
                id: SessionToken.id(of: token), csrfToken: csrf, userID: userID, organizationID: organizationID,
                flash: state.session?.flash ?? [], createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(configuration.absoluteTimeout),
                ipAddress: ipAddress, userAgent: userAgent
            )
            session.values = [:]
            state.session = session
            state.newToken = token
            state.changed = true
            state.clearsCookie = false
            return session
        }
    }

    /// Ends the session: it is deleted from the store and the cookie cleared.
    public func end() {
        state.withLock { state in
            if let old = state.session { state.removedIDs.append(old.id) }
            state.session = nil
            state.newToken = nil
            state.changed = false
            state.clearsCookie = true
        }
    }

    private func ensureSession() throws -> Session {
        if let session = current { return session }
        let token = try SecureRandom.base64URLToken(byteCount: 32)
        let csrf = try SecureRandom.base64URLToken(byteCount: 32)
        return state.withLock { state in
            if let session = state.session { return session }
            let session = Session(
                id: SessionToken.id(of: token), csrfToken: csrf, createdAt: now, lastSeenAt: now,
                expiresAt: now.addingTimeInterval(configuration.absoluteTimeout)
            )
            state.session = session
            state.newToken = token
            state.changed = true
            state.clearsCookie = false
            return session
        }
    }
}

/// The session cookie's token and its stored form.
public enum SessionToken {
    /// The id a token is stored under: its SHA-256 in lowercase hex.
    public static func id(of token: String) -> String {
        SHA256.hash(token).hex
    }

    /// Whether a cookie value can be a token we issued (43 base64url characters), checked
    /// before any lookup so junk never reaches the store.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}
