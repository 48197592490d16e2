import HTTP
import Mustache
import Web

/// `/app` (the signed-in home) and `POST /app/organization` (the organization switcher).
struct HomeController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        var links: [MustacheValue] = [["url": "/app/account", "label": "Your account"]]
        if auth.can(.memberRead) { links.append(["url": "/app/settings/members", "label": "Members"]) }
        if auth.can(.whitelistManage) { links.append(["url": "/app/settings/whitelist", "label": "Whitelist"]) }
        if auth.can(.auditRead) { links.append(["url": "/app/settings/audit", "label": "Audit log"]) }
        let switcher: MustacheValue = auth.memberships.count < 2 ? .null : [
            "organizations": .list(auth.memberships.map { membership in
                [
                    "id": .string(String(membership.organizationID)), "name": .string(membership.organizationName),
                    "selected": .bool(membership.organizationID == auth.organizationID),
                ]
            }),
        ]
        // Figures across the campaigns, for those who may read them.
        let summary = auth.can(.campaignRead) ? try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) {
            try OrganizationSummary.load(organizationID: auth.organizationID, in: $0)
        } : nil
        let page: MustacheValue = [
            "summary": summary.mustacheValue,
            "userName": .string(auth.user.displayName),
            "organizationName": .string(auth.membership.organizationName),
            "roleLabel": .string(auth.membership.role.label),
            "links": .list(links),
            "switcher": switcher,
        ]
        return try pages.render("accounts/home", page, context: auth.request, section: .dashboard)
    }

    func switchOrganization(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let organizationID = try request.formData().int64("organization_id")
        guard let target = auth.memberships.first(where: { $0.organizationID == organizationID }) else {
            throw WebError.notFound("You are not a member of that organization.")
        }
        auth.session?.modify { $0.organizationID = target.organizationID }
        try auth.session?.flash(.success, "You are now working in \(target.organizationName).")
        return try HTTPResponse.redirect(to: "/app")
    }
}
