import Mustache
import Web

/// What the layout (`Templates/layout.mustache`) and its partials read, for every page:
/// the site, the asset fingerprint, the landing pages' origin (before `/f/...` links), the
/// CSRF token for forms, the signed-in user and organization (navigation shows only with a
/// user), the current nav section, the flash messages to show once and the count of the
/// person's pending invitations.
struct LayoutModel: MustacheContextConvertible, Sendable {
    var siteName: String
    var assetVersion: String
    var landingOrigin: String
    var csrfToken: String?
    var user: LayoutUser?
    var organization: String?
    var section: Section?
    var flash: [FlashMessage]
    /// Invitations waiting for the signed-in person's answer (the header links to them).
    var pendingInvitations = 0

    var mustacheValue: MustacheValue {
        var object: [String: MustacheValue] = [
            "siteName": .string(siteName),
            "assetVersion": .string(assetVersion),
            "landingOrigin": .string(landingOrigin),
            "csrfToken": csrfToken.mustacheValue,
            "user": user.map { ["name": .string($0.name), "email": .string($0.email)] } ?? .null,
            "organization": organization.map { ["name": .string($0)] } ?? .null,
            "flash": .list(flash.map(\.mustacheValue)),
            "pendingInvitations": pendingInvitations > 0 ? ["count": .int(pendingInvitations)] : .null,
        ]
        if let section {
            object["section"] = [section.rawValue: true]
        } else {
            object["section"] = .null
        }
        return .object(object)
    }
}

/// The signed-in person as the navigation shows them.
struct LayoutUser: Sendable {
    var name: String
    var email: String
}

/// The main navigation's items; a page names the one it belongs to.
enum Section: String, Sendable {
    case dashboard, campaigns, leads, contacts, settings
}
