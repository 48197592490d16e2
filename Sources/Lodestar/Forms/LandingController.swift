import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// The public landing page `/f/{slug}`: GET shows the campaign's latest published form
/// (from memory, see `PublishedFormCache`) and records a view (buffered, see
/// `FormViewRecorder`); POST validates a submission against that version and stores it as
/// a lead (group-committed, see `SubmissionWriter`), then answers 303 to `/f/{slug}/thanks`
/// so that reloading the thank-you posts nothing again. No session, no CSRF token: the
/// page is the same for everyone.
final class LandingController: Sendable {
    let settings: LandingSettings
    let pages: LandingPages
    let cache: PublishedFormCache
    let views: FormViewRecorder
    let writer: SubmissionWriter
    let limiter: SubmissionRateLimiter
    private let log: LogWriter

    init(settings: LandingSettings, database: ConnectionPool, library: TemplateLibrary, assetVersion: String, log: LogWriter) {
        self.settings = settings
        self.log = log
        let pages = LandingPages(library: library, assetVersion: assetVersion)
        self.pages = pages
        let repository = PublishedFormRepository(pool: database)
        // Every unknown slug shares this one entry, so a flood of made-up slugs costs the
        // cache a key each, not a rendered page each (rendered once: in development an
        // edit of forms/landing-message shows on this page after a restart).
        let unknown = (try? pages.closedPage(for: nil)).map { LandingEntry(form: nil, page: $0) }
        cache = PublishedFormCache(timeToLive: .milliseconds(settings.cacheMilliseconds)) { slug in
            let form = try repository.load(slug: slug)
            if form == nil, let unknown { return unknown }
            return LandingEntry(form: form, page: try pages.entryPage(for: form, slug: slug))
        }
        views = FormViewRecorder(
            pool: database, flushInterval: .milliseconds(settings.viewFlushMilliseconds),
            repeatWindow: .seconds(settings.viewDedupeSeconds), log: { log.write($0) })
        writer = SubmissionWriter(
            pool: database, duplicateWindowSeconds: settings.duplicateWindowSeconds, writerCount: settings.submissionWriters)
        limiter = SubmissionRateLimiter(limitPerMinute: settings.rateLimitPerMinute)
    }

    /// GET /f/:slug
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let slug = (context.parameters["slug"] ?? "").lowercased()
        guard PublishedFormRepository.isWellFormed(slug) else { return try pages.closedPage(for: nil).response }
        let entry = try cache.entry(slug: slug)
        var response = entry.page.response
        if let form = entry.form, form.isOpen, request.method == .get {
            // Counted once the page has really gone out: a client that asks and never
            // reads (a pipelined flood) views nothing.
            let view = FormViewRecorder.View(
                organizationID: form.organizationID, campaignID: form.campaignID,
                occurredAt: Date().timeIntervalSince1970,
                userAgent: request.headers["User-Agent"].map { String($0.prefix(Submission.maximumUserAgentLength)) },
                ipAddress: context.remoteAddress
            )
            let views = views
            response.onSent = { views.record(view) }
        }
        return response
    }

    /// POST /f/:slug
    func submit(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let slug = (context.parameters["slug"] ?? "").lowercased()
        guard PublishedFormRepository.isWellFormed(slug) else { return try pages.closedPage(for: nil).response }
        let entry = try cache.entry(slug: slug)
        guard let form = entry.form, form.isOpen, let version = form.version, let definition = form.definition,
              let validator = form.validator else {
            return try pages.closedPage(for: entry.form).response
        }
        guard request.body.count <= settings.maximumBodyBytes else {
            return try pages.message(
                .contentTooLarge, title: "Answers too long", heading: "Your answers are too long to send",
                "Please shorten your answers (\(settings.maximumBodyBytes / 1024) KiB at most in all) and send the form again.",
                backLink: "/f/" + slug
            ).response
        }
        let fields = try request.formData().fields.map { (name: $0.name, value: $0.value) }
        if fields.contains(where: { $0.name == LandingPage.honeypotName && !$0.value.isEmpty }) {
            // Only robots fill the hidden field: they are thanked and nothing is stored.
            return LandingPages.thanksRedirect(slug: slug)
        }
        // Every submission counts toward the address's limit, refused ones too, and before
        // any pattern runs: past the limit, answers cost no validation time.
        if let retryAfter = limiter.admit(context.remoteAddress) {
            var response = try pages.form(
                definition, slug: slug, status: .tooManyRequests, values: validator.values(fields),
                notice: "Several answers were sent from your network in the last minute. Please wait \(retryAfter) seconds, then send the form again; your answers are kept below.")
            response.headers.set("Retry-After", String(retryAfter))
            return response
        }
        let validation = validator.validate(fields, budget: .milliseconds(settings.validationBudgetMilliseconds))
        guard validation.isValid else {
            return try pages.form(
                definition, slug: slug, status: .unprocessableContent, values: validation.values, errors: validation.errors)
        }
        let submission = Submission(
            form: form, version: version, definition: definition, answers: validation.answers,
            ipAddress: context.remoteAddress, userAgent: request.headers["User-Agent"])
        do {
            _ = try writer.submit(submission)
        } catch {
            log.write("error id=\(context.requestID): storing a submission for /f/\(slug) failed: \(error)")
            var response = try pages.form(
                definition, slug: slug, status: .serviceUnavailable, values: validation.values,
                notice: "Your answers could not be saved just now. Please send the form again in a moment; your answers are kept below.")
            response.headers.set("Retry-After", "5")
            return response
        }
        return LandingPages.thanksRedirect(slug: slug)
    }

    /// GET /f/:slug/thanks: where a submission lands (see `LandingPages.completion`). Shown
    /// for a campaign whose form has been public, also once it is paused or over (the
    /// prospect may reload later); a campaign never public answers as an unknown slug.
    func thanks(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let slug = (context.parameters["slug"] ?? "").lowercased()
        guard PublishedFormRepository.isWellFormed(slug) else { return try pages.closedPage(for: nil).response }
        let entry = try cache.entry(slug: slug)
        guard let form = entry.form, let definition = form.definition, form.hasBeenPublic else {
            return try pages.closedPage(for: entry.form).response
        }
        return try pages.completion(definition)
    }

    /// Writes buffered views and stops the background threads (at shutdown).
    func stop() {
        writer.stop()
        views.stop()
    }
}
