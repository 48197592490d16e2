import HTTP
import Web

extension App {
    /// The one route table: every URL the application answers, its handler, and for
    /// signed-in pages the permission it needs (`requires:`; nil = any member).
    static func routes(_ controllers: Controllers, _ configuration: AppConfiguration) -> Router {
        var router = Router()

        // Operations
        router.get("/healthz", controllers.health.check)

        // Assets under Public/
        router.get("/static/*path", controllers.staticFiles.respond)

        router.get("/") { _, _ in try HTTPResponse.redirect(to: "/app") }

        // Landing pages: public, no session and no CSRF token (the page is the same for everyone)
        router.get("/f/:slug", controllers.landing.show)
        router.get("/f/:slug/thanks", controllers.landing.thanks)
        router.post("/f/:slug", bodyLimit: configuration.landing.serverBodyLimit, controllers.landing.submit)

        // Pages with a session: CSRF-checked on every POST/PUT/PATCH/DELETE.
        let sessions = SessionMiddleware(
            store: controllers.accounts.sessions,
            configuration: SessionConfiguration(
                secure: configuration.baseURL.lowercased().hasPrefix("https://"),
                idleTimeout: Double(configuration.access.sessionIdleMinutes * 60),
                absoluteTimeout: Double(configuration.access.sessionAbsoluteHours * 3600),
                formTokenKey: { [secret = controllers.installationSecret] in try secret.key(for: .anonymousFormTokens) }
            )
        )
        router.group("", middleware: [sessions, CSRFMiddleware(baseURL: configuration.baseURL)]) { web in
            web.get("/login", controllers.login.show)
            web.post("/login", controllers.login.submit)
            web.post("/logout", controllers.login.logout)
            if let google = controllers.google {
                web.get("/auth/google", google.start)
                web.get("/auth/google/callback", google.callback)
            }
            // A signed-in person's invitations (also before they belong to any organization).
            web.get("/invitations", controllers.invitations.index)
            web.post("/invitations/:id/accept", controllers.invitations.accept)
            web.post("/invitations/:id/decline", controllers.invitations.decline)

            // Signed-in members only: unauthenticated -> 303 /login?next=...
            web.group("/app", middleware: [RequireSignIn(accounts: controllers.accounts)]) { app in
                app.get("/", requires: nil, controllers.home.show)
                app.post("/organization", requires: nil, controllers.home.switchOrganization)
                app.get("/account", requires: nil, controllers.account.show)
                app.post("/account/password", requires: nil, controllers.account.changePassword)
                app.post("/account/sign-out-everywhere", requires: nil, controllers.account.signOutEverywhere)

                app.get("/settings", requires: .memberRead) { _, _ in try HTTPResponse.redirect(to: "/app/settings/members") }
                app.get("/settings/members", requires: .memberRead, controllers.members.index)
                app.post("/settings/members", requires: .memberManage, controllers.members.add)
                app.post("/settings/members/:userID/role", requires: .memberManage, controllers.members.changeRole)
                app.get("/settings/members/:userID/remove", requires: .memberManage, controllers.members.confirmRemoval)
                app.post("/settings/members/:userID/remove", requires: .memberManage, controllers.members.remove)
                app.post("/settings/members/invitations/:id/withdraw", requires: .memberManage, controllers.members.withdrawInvitation)
                app.get("/settings/whitelist", requires: .whitelistManage, controllers.whitelist.index)
                app.post("/settings/whitelist", requires: .whitelistManage, controllers.whitelist.add)
                app.get("/settings/whitelist/:id/remove", requires: .whitelistManage, controllers.whitelist.confirmRemoval)
                app.post("/settings/whitelist/:id/remove", requires: .whitelistManage, controllers.whitelist.remove)
                app.post("/settings/whitelist/:id/verify", requires: .whitelistManage, controllers.whitelist.verify)
                app.get("/settings/audit", requires: .auditRead, controllers.audit.index)
                app.get("/settings/organization", requires: .organizationManage, controllers.organizationSettings.show)
                app.post("/settings/organization", requires: .organizationManage, controllers.organizationSettings.update)
                app.get("/settings/jobs", requires: .jobManage, controllers.jobs.index)

                // Background jobs: admins, and whoever asked for the job (checked by the controller)
                app.get("/jobs/:id", requires: nil, controllers.jobs.show)
                app.get("/jobs/:id/status", requires: nil, controllers.jobs.status)
                app.post("/jobs/:id/retry", requires: .jobManage, controllers.jobs.retry)
                app.post("/jobs/:id/cancel", requires: nil, controllers.jobs.cancel)

                // Campaigns
                app.get("/campaigns", requires: .campaignRead, controllers.campaigns.index)
                app.get("/campaigns/new", requires: .campaignCreate, controllers.campaigns.new)
                app.post("/campaigns", requires: .campaignCreate, controllers.campaigns.create)
                app.get("/campaigns/:id", requires: .campaignRead, controllers.campaigns.show)
                app.get("/campaigns/:id/history", requires: .campaignRead, controllers.campaigns.history)
                app.get("/campaigns/:id/edit", requires: .campaignUpdate, controllers.campaigns.edit)
                app.post("/campaigns/:id", requires: .campaignUpdate, controllers.campaigns.update)
                app.get("/campaigns/:id/status", requires: .campaignUpdate, controllers.campaigns.confirmStatus)
                app.post("/campaigns/:id/status", requires: .campaignUpdate, controllers.campaigns.changeStatus)
                app.post("/campaigns/:id/go-live", requires: .campaignUpdate, controllers.campaigns.goLive)
                app.get("/campaigns/:id/delete", requires: .campaignDelete, controllers.campaigns.confirmDelete)
                app.post("/campaigns/:id/delete", requires: .campaignDelete, controllers.campaigns.delete)
                // Form builder
                app.get("/campaigns/:id/form", requires: .campaignRead, controllers.formBuilder.show)
                app.post("/campaigns/:id/form", requires: .campaignUpdate, controllers.formBuilder.update)
                app.post("/campaigns/:id/form/publish", requires: .campaignUpdate, controllers.formBuilder.publish)
                app.get("/campaigns/:id/form/preview", requires: .campaignRead, controllers.formBuilder.preview)
                app.post("/campaigns/:id/form/preview", requires: .campaignRead, controllers.formBuilder.preview)
                // Leads
                app.get("/leads", requires: .leadRead, controllers.leads.index)
                app.get("/leads/export.csv", requires: .leadExport, controllers.leads.export)
                app.post("/leads/bulk", requires: .leadUpdate, controllers.leads.bulk)
                app.get("/leads/:id", requires: .leadRead, controllers.lead.show)
                app.get("/leads/:id/status", requires: .leadUpdate, controllers.lead.confirmStatus)
                app.post("/leads/:id/status", requires: .leadUpdate, controllers.lead.changeStatus)
                app.post("/leads/:id/owner", requires: .leadUpdate, controllers.lead.changeOwner)
                app.post("/leads/:id/notes", requires: .leadUpdate, controllers.lead.addNote)
                // Any other address under /app: a 404 after RequireSignIn, so the page keeps the navigation.
                app.get("/*path", requires: nil) { _, _ in throw WebError.notFound() }
            }
        }
        return router
    }

    /// With `LANDING_BASE_URL`, the public pages a tenant's campaign shows (landing pages
    /// `/f/`, tracking `/t/`, unsubscribe `/u/`) answer only on its host and everything else
    /// only on `BASE_URL`'s, so no tenant page shares the application's origin (or its
    /// cookies); static files (the landing pages' styles) and `/healthz` answer on both.
    /// Nil without `LANDING_BASE_URL`: every path on every host.
    static func hostPartition(baseURL: String, landingBaseURL: String?) throws(SiteHostError) -> HostPartition? {
        guard let landingBaseURL else { return nil }
        return try HostPartition(
            primaryURL: baseURL, secondaryURL: landingBaseURL,
            secondarySegments: ["f", "t", "u"], sharedSegments: ["static", "healthz"])
    }
}
