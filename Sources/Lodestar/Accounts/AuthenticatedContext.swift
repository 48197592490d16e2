import HTTP
import Web

/// Everything a handler under `/app` knows about who is asking: the user (never
/// optional), their membership in the current organization, the permissions of their
/// role, and all their memberships (for the organization switcher).
struct AuthenticatedContext: Sendable {
    /// The request's context, with this value in it (so pages rendered from it show the user).
    var request: RequestContext
    let user: User
    let membership: Membership
    let memberships: [Membership]
    let permissions: Set<Permission>

    var organizationID: Int64 { membership.organizationID }
    var session: SessionHandle? { request.session }

    func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// An audit event by this user in this organization, from this address.
    func auditEvent(_ action: String, entityType: String?, entityID: String?, old: [String: String]? = nil, new: [String: String]? = nil) -> AuditEvent {
        AuditEvent(
            organizationID: organizationID, actorUserID: user.id, action: action, entityType: entityType,
            entityID: entityID, oldValues: old, newValues: new, ipAddress: request.remoteAddress
        )
    }
}

/// Where `RequireSignIn` puts the signed-in user in the context.
enum SignedInKey: ContextKey {
    typealias Value = AuthenticatedContext
}

/// The signed-in person as the page header shows them: set by `RequireSignIn` under
/// `/app`, and by the invitations page, which a person without any membership yet opens.
struct SignedInPerson: Sendable {
    let user: User
    /// The organization the session works in; nil before the person joined any.
    let organizationName: String?
    /// Invitations waiting for their answer (the header links to them).
    let pendingInvitations: Int
}

enum SignedInPersonKey: ContextKey {
    typealias Value = SignedInPerson
}

/// What an `/app` handler is: the request and the signed-in context.
typealias SignedInHandler = @Sendable (HTTPRequest, AuthenticatedContext) throws -> HTTPResponse

extension Router {
    /// A route for signed-in users that needs `permission` (nil: any member). Without the
    /// permission the answer is a 403 page naming the role. Register these inside the
    /// group that runs `RequireSignIn`.
    mutating func get(_ pattern: String, requires permission: Permission?, _ handler: @escaping SignedInHandler) {
        add(.get, pattern, Self.signedIn(permission, handler))
    }

    mutating func post(_ pattern: String, requires permission: Permission?, _ handler: @escaping SignedInHandler) {
        add(.post, pattern, Self.signedIn(permission, handler))
    }

    private static func signedIn(_ permission: Permission?, _ handler: @escaping SignedInHandler) -> Handler {
        { request, context in
            guard var signedIn = context[SignedInKey.self] else { throw WebError(.unauthorized) }
            signedIn.request = context
            if let permission, !signedIn.can(permission) {
                throw WebError.forbidden(
                    "Your role in \(signedIn.membership.organizationName) (\(signedIn.membership.role.label)) does not "
                        + "allow this. Ask one of its admins if you need it.")
            }
            return try handler(request, signedIn)
        }
    }
}
