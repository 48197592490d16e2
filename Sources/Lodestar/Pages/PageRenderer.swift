import HTTP
import Mustache
import Web

/// Renders the application's pages: a named template under `Templates/` with the page's
/// own view model on top of the shared layout model (site, assets, CSRF token, signed-in
/// user and organization, nav section, flash messages), which it builds from what the
/// request's middleware established.
///
/// ```swift
/// func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
///     try pages.render("accounts/home", HomePage(...), context: context, section: .dashboard)
/// }
/// ```
///
/// A template that fails to render throws, which the error middleware answers with a 500
/// page (and logs the template's `file:line:column`).
final class PageRenderer: Sendable {
    let library: TemplateLibrary
    let siteName: String
    let assetVersion: String
    /// What goes before `/f/...` in the landing links pages show: `LANDING_BASE_URL`, or ""
    /// (the links stay on this host).
    let landingOrigin: String

    init(library: TemplateLibrary, siteName: String = "Lodestar", assetVersion: String, landingOrigin: String = "") {
        self.library = library
        self.siteName = siteName
        self.assetVersion = assetVersion
        self.landingOrigin = landingOrigin
    }

    /// The page `template` rendered with `model` inside the layout, as an HTML response
    /// with `status`. Pages are never stored by caches: they carry the CSRF token and the
    /// signed-in person's data.
    func render(
        _ template: String, _ model: some MustacheContextConvertible, context: RequestContext,
        section: Section? = nil, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let layout = layoutModel(for: context, section: section)
        let body = try library.renderBytes(template, contexts: [layout.mustacheValue, model.mustacheValue])
        return HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
            body: .bytes(body)
        )
    }

    /// The layout model for a request: what the session and sign-in middleware put into
    /// the context. Reading the flash messages takes them out of the session: they show once.
    func layoutModel(for context: RequestContext, section: Section?) -> LayoutModel {
        var layout = LayoutModel(
            siteName: siteName, assetVersion: assetVersion, landingOrigin: landingOrigin, csrfToken: nil, user: nil,
            organization: nil, section: section, flash: []
        )
        LayoutContributors.apply(to: &layout, from: context)
        return layout
    }
}

/// Fills the layout from the request context. Features that put something in the
/// context the layout shows (the session, the signed-in user) add themselves here.
enum LayoutContributors {
    static func apply(to layout: inout LayoutModel, from context: RequestContext) {
        if let session = context.session {
            layout.csrfToken = session.currentCSRFToken
            layout.flash = session.takeFlash()
        }
        if let person = context[SignedInPersonKey.self] {
            layout.user = LayoutUser(name: person.user.displayName, email: person.user.email)
            layout.organization = person.organizationName
            layout.pendingInvitations = person.pendingInvitations
        }
    }
}
