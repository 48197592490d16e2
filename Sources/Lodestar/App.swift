import DNS
import HTTP
import Mustache
import Postgres
import Web

/// The application as one value: its configuration, its controllers, and the responder
/// the HTTP server (or a `TestClient`) talks to, built from the one route table in
/// `App+routes.swift`.
public struct App: Sendable {
    public let configuration: AppConfiguration
    public let responder: WebResponder
    /// The connection pool every feature's repository uses; connections open on demand.
    public let database: ConnectionPool
    /// The page templates (`TEMPLATES_DIR`), reloaded when changed in development.
    let pages: PageRenderer
    /// The public landing pages, which buffer views and group submissions in the background.
    let landing: LandingController
    /// The job worker of this process (handlers, the periodic schedule); runs after
    /// `startBackgroundJobs()`.
    let jobs: BackgroundJobs

    /// - Parameters:
    ///   - defaultBodyLimit: the most body bytes a route accepts unless it raises its own
    ///     limit; `lodestar serve` passes the server's `HTTP_MAX_BODY_BYTES`.
    ///   - log: where error details go (standard error by default).
    ///   - database: the connection pool to use; by default one is made from the
    ///     configuration (tests share one between several apps).
    ///   - domainLookup: where domain verification reads TXT records; by default the DNS
    ///     client of the configuration.
    /// - Throws: `RouteError` when the route table is inconsistent, `TemplateLibraryError`
    ///   when a template does not parse (with every `file:line:column`).
    public init(
        configuration: AppConfiguration, defaultBodyLimit: Int = 1 << 20, log: LogWriter = .standardError,
        database: ConnectionPool? = nil, domainLookup: DomainTXTLookup? = nil
    ) throws {
        self.configuration = configuration
        let pool = database ?? ConnectionPool(
            configuration: configuration.database.connection, poolConfiguration: configuration.database.pool
        )
        self.database = pool
        let library = try TemplateLibrary(
            directory: configuration.templatesDirectory,
            options: configuration.mode == .development ? .development : .production
        )
        pages = PageRenderer(
            library: library, assetVersion: AssetVersion.compute(publicDirectory: configuration.publicDirectory),
            landingOrigin: configuration.landingBaseURL ?? ""
        )
        let controllers = Controllers(
            configuration, database: pool, pages: pages, log: log,
            domainLookup: domainLookup ?? DomainTXTLookup(resolver: DNSResolver(configuration: configuration.dns)))
        landing = controllers.landing
        let landingCache = controllers.landing.cache
        jobs = BackgroundJobs(
            settings: configuration.worker,
            pool: database ?? BackgroundJobs.pool(settings: configuration.worker, database: configuration.database),
            accounts: controllers.accounts, log: log, landingChanged: { landingCache.invalidate() })
        var web = WebResponder.Configuration(
            defaultBodyLimit: defaultBodyLimit, middleware: [DatabaseUnavailableMiddleware()], log: log
        )
        web.errorPages = TemplateErrorPages(pages: pages)
        web.trustedProxies = configuration.trustedProxies
        web.hostPartition = try Self.hostPartition(baseURL: configuration.baseURL, landingBaseURL: configuration.landingBaseURL)
        if configuration.baseURL.lowercased().hasPrefix("https://") {
            web.securityHeaders.strictTransportSecurity = "max-age=31536000"
        }
        responder = try WebResponder(router: Self.routes(controllers, configuration), configuration: web)
    }

    /// Database work `serve` does at start: the monthly partitions of `events` for this
    /// month and the next exist.
    public func prepareDatabase() throws {
        try database.execute(
            "SELECT ensure_event_partitions(current_date, (date_trunc('month', current_date) + interval '1 month')::date)")
    }

    /// Starts the job worker of `lodestar worker` in this process (`WORKER_CONCURRENCY`
    /// handler threads, the periodic schedule). `serve` runs one too in development.
    public func startBackgroundJobs() {
        jobs.start()
    }

    /// Stops background work (the job worker, if started: running jobs get
    /// `WORKER_SHUTDOWN_SECONDS`, then go back to the queue) and writes what it holds in
    /// memory (buffered landing-page views); call after the server stopped answering.
    public func stop() {
        jobs.stop()
        landing.stop()
    }
}

/// Every controller the route table mounts, built once from the configuration.
struct Controllers: Sendable {
    let health: HealthController
    let staticFiles: StaticFiles
    let accounts: AccountService
    let login: LoginController
    let home: HomeController
    let account: AccountController
    let members: MembersController
    let invitations: InvitationsController
    let whitelist: WhitelistController
    let audit: AuditController
    let organizationSettings: OrganizationSettingsController
    let campaigns: CampaignsController
    let formBuilder: FormBuilderController
    let leads: LeadsController
    let lead: LeadController
    /// Google sign-in; nil unless `GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET` are set.
    let google: GoogleSignInController?
    let landing: LandingController
    let jobs: JobsController
    /// Keys what the server signs and checks later without storing it.
    let installationSecret: InstallationSecret

    init(
        _ configuration: AppConfiguration, database: ConnectionPool, pages: PageRenderer, log: LogWriter = .standardError,
        domainLookup: DomainTXTLookup
    ) {
        health = HealthController(database: DatabaseHealth(database: database))
        installationSecret = InstallationSecret(pool: database)
        var options = StaticFiles.Options()
        options.maxAge = configuration.staticMaxAge
        // In development, edited assets show up on the next request.
        options.revalidate = configuration.mode == .development
        staticFiles = StaticFiles(root: configuration.publicDirectory, options: options)
        accounts = AccountService(pool: database, settings: configuration.access)
        login = LoginController(accounts: accounts, pages: pages, googleEnabled: configuration.access.googleEnabled)
        home = HomeController(accounts: accounts, pages: pages)
        account = AccountController(accounts: accounts, pages: pages)
        members = MembersController(accounts: accounts, pages: pages)
        invitations = InvitationsController(accounts: accounts, pages: pages)
        whitelist = WhitelistController(accounts: accounts, pages: pages, domainLookup: domainLookup)
        audit = AuditController(accounts: accounts, pages: pages)
        organizationSettings = OrganizationSettingsController(database: accounts.database, pages: pages)
        landing = LandingController(
            settings: configuration.landing, database: database, library: pages.library,
            assetVersion: pages.assetVersion, log: log
        )
        let landingCache = landing.cache
        campaigns = CampaignsController(
            database: accounts.database, pages: pages, slugReservationDays: configuration.slugReservationDays,
            landingChanged: { landingCache.invalidate() })
        formBuilder = FormBuilderController(
            drafts: FormDrafts(database: accounts.database), pages: pages,
            landingOrigin: FormBuilderController.absoluteLandingOrigin(configuration),
            landingChanged: { landingCache.invalidate() })
        leads = LeadsController(
            database: accounts.database, pages: pages,
            exportSlots: ExportSlots(
                limit: configuration.leadExports.maximumRunning, perOrganization: configuration.leadExports.maximumPerOrganization))
        lead = LeadController(database: accounts.database, pages: pages)
        jobs = JobsController(database: accounts.database, pages: pages)
        google = configuration.google.map { [accounts] settings in
            let linker = GoogleAccounts(accounts: accounts)
            return GoogleSignInController(
                settings: settings, baseURL: configuration.baseURL,
                completeSignIn: { identity, next, request, context in
                    try linker.completeSignIn(identity, next: next, request, context)
                },
                recordRefusal: { error, request, context in linker.recordRefusal(error, request, context, log: log) }
            )
        }
    }
}
