import Foundation

/// One browser session as the store keeps it. The cookie holds a random token; only the
/// token's SHA-256 (hex) is stored, as `id`, so a copy of the store cannot be replayed.
public struct Session: Sendable, Equatable {
    /// The SHA-256 (lowercase hex) of the cookie's token.
    public var id: String
    /// Sent with every form (`csrf_token`) or as `X-CSRF-Token`; checked by `CSRFMiddleware`.
    public var csrfToken: String
    /// The signed-in user, or nil for a session that only carries a CSRF token and flash.
    public var userID: Int64?
    /// The organization the user is working in.
    public var organizationID: Int64?
    /// Messages to show once, on the next page rendered.
    public var flash: [FlashMessage]
    /// Small values features keep between requests (for example a sign-in `state`).
    public var values: [String: String]
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end of the session, whatever the activity.
    public var expiresAt: Date
    /// Where and with what the session was started (shown to the user, kept for audit).
    public var ipAddress: String?
    public var userAgent: String?

    public init(
        id: String, csrfToken: String, userID: Int64? = nil, organizationID: Int64? = nil,
        flash: [FlashMessage] = [], values: [String: String] = [:], createdAt: Date, lastSeenAt: Date,
        expiresAt: Date, ipAddress: String? = nil, userAgent: String? = nil
    ) {
        self.id = id
        self.csrfToken = csrfToken
        self.userID = userID
        self.organizationID = organizationID
        self.flash = flash
        self.values = values
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }
}

/// A one-time message shown at the top of the next page ("Whitelist entry added.").
public struct FlashMessage: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case success, error, info
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Where sessions live. The application provides one over its database; all of it is
/// keyed by `Session.id` (the token's hash). Implementations must be safe to call from
/// many threads.
public protocol SessionStore: Sendable {
    /// The session with this id, or nil. Expiry is checked by the caller.
    func load(id: String) throws -> Session?
    /// Stores a new session.
    func insert(_ session: Session) throws
    /// Replaces the stored session with the same id (flash, values, organization, last seen).
    func update(_ session: Session) throws
    /// Removes the session; nothing happens when it is already gone.
    func delete(id: String) throws
}
