import Foundation
import HTTP
import Mustache
import Web

/// `/app/campaigns/:id/form`: the form builder of a campaign's landing-page form. Every
/// button posts the whole builder (what was typed is never lost), applies its action,
/// validates and either stores the draft and 303s back to the field it touched, or
/// answers 422 with the page as typed and each problem beside its input. Completed and
/// cancelled campaigns show their form read-only and refuse changes with 409.
struct FormBuilderController: Sendable {
    let drafts: FormDrafts
    let pages: PageRenderer
    /// What goes before `/f/{slug}` in the address to share: `LANDING_BASE_URL`, else
    /// `BASE_URL`'s origin (see `absoluteLandingOrigin`).
    var landingOrigin: String = ""
    /// Called after a publish, so this process's landing pages show the new version at once.
    var landingChanged: @Sendable () -> Void = {}

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let snapshot = try drafts.snapshot(campaignID: try campaignID(auth), auth: auth)
        let state = FormBuilderState(definition: snapshot.draft)
        var problems = FormDefinitionProblems()
        problems.warnings = FormDefinitionValidator.validate(snapshot.draft).warnings
        // A pattern saved before the builder took only what the linear engine compiles:
        // the landing page still applies it, and saving will ask for a change.
        for field in snapshot.draft.fields {
            guard let pattern = field.pattern, !pattern.isEmpty, let problem = FieldPattern.problem(pattern) else { continue }
            problems.warnings.append(
                "The pattern of “\(field.label)” was saved when the builder accepted more than it does now. \(problem) "
                    + "The landing page still applies it; change it before you next save.")
        }
        let publishRefused = auth.request.query["refused"] == "publish"
        if publishRefused {
            // Back from a refused Publish (see `publish`): the draft as stored, with what
            // stopped it listed at the top.
            let refusal = FormDefinitionValidator.validate(snapshot.draft, forPublish: true)
            problems.settings = refusal.settings
            problems.fields = refusal.fields
            problems.form = refusal.form
        }
        var page = try page(snapshot, state, problems: problems, addError: nil, auth: auth)
        page.done = BuilderDone(auth.request.query, draft: snapshot.draft)
        page.publishRefusedAfterSave = publishRefused && page.problemLinks.count + problems.form.count > 0
        return try pages.render("forms/builder", page, context: auth.request, section: .campaigns)
    }

    func update(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let snapshot = try editableSnapshot(auth)
        let form = try request.formData()
        var state = try FormBuilderState(form: form)
        let action = try FormBuilderAction(form["action"])
        let (anchorKey, addError) = state.apply(action)
        let problems = FormDefinitionValidator.validate(state.definition)
        guard problems.isEmpty, addError == nil else {
            return try render(snapshot, state, problems: problems, addError: addError, auth: auth, status: .unprocessableContent)
        }
        try drafts.save(state.definition, campaignID: snapshot.campaign.id, auth: auth)
        let path = "/app/campaigns/\(snapshot.campaign.id)/form"
        guard let done = BuilderDone(action, fieldKey: anchorKey) else {
            try auth.session?.flash(.success, "Draft saved.")
            return try HTTPResponse.redirect(to: path + "#form-settings")
        }
        // The confirmation is shown beside the field (or the list) it is about, which is
        // where the page lands, rather than in a flash at the top, out of view.
        return try HTTPResponse.redirect(to: path + done.location)
    }

    func publish(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let snapshot = try editableSnapshot(auth)
        let state = try FormBuilderState(form: try request.formData())
        let problems = FormDefinitionValidator.validate(state.definition, forPublish: true)
        guard problems.isEmpty else {
            // What was typed is kept as the draft when a draft may hold it, and the browser
            // is sent to a plain GET that lists what stops publishing, so reloading that
            // page posts nothing. Past the draft's own rules, the page as typed answers.
            guard FormDefinitionValidator.validate(state.definition).isEmpty else {
                return try render(snapshot, state, problems: problems, addError: nil, auth: auth, status: .unprocessableContent)
            }
            try drafts.save(state.definition, campaignID: snapshot.campaign.id, auth: auth)
            return try HTTPResponse.redirect(to: "/app/campaigns/\(snapshot.campaign.id)/form?refused=publish#builder-problems")
        }
        let version = try drafts.publish(state.definition, campaignID: snapshot.campaign.id, auth: auth)
        landingChanged()
        try auth.session?.flash(.success, try publishedMessage(version: version, campaignID: snapshot.campaign.id, auth))
        for warning in problems.warnings { try auth.session?.flash(.info, warning) }
        return try HTTPResponse.redirect(to: "/app/campaigns/\(snapshot.campaign.id)/form")
    }

    /// What the flash says after a publish: whether the landing page shows the version now,
    /// and when it opens when it is not open yet (`CampaignLaunch.publishedMessage`).
    private func publishedMessage(version: Int, campaignID: Int64, _ auth: AuthenticatedContext) throws -> String {
        let campaign = try drafts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.campaign(id: campaignID, organizationID: auth.organizationID)
        }
        guard let campaign else { return "Version \(version) of the form is published." }
        return CampaignLaunch.publishedMessage(
            version: version, status: campaign.status, startsOn: campaign.startsOn, today: CampaignSchedule.today())
    }

    /// The preview: of the stored draft on GET, as a page of its own; of the builder as
    /// typed on POST, the fragment alone (for the live preview). Changes nothing. A definition past the builder's
    /// limits is answered 422 with the fragment that names them (see `preview(of:)`),
    /// which the page shows in place of the preview.
    func preview(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let snapshot = try drafts.snapshot(campaignID: try campaignID(auth), auth: auth)
        let definition = request.method == .post ? try FormBuilderState(form: try request.formData()).definition : snapshot.draft
        var (html, withinLimits) = try preview(of: definition)
        if request.method != .post {
            // Opened on its own (a link, a new tab): a whole page with a title.
            let model: MustacheValue = [
                "title": .string("Preview · " + (definition.title.isEmpty ? snapshot.campaign.name : definition.title)),
                "preview": .string(html), "assetVersion": .string(pages.assetVersion),
            ]
            html = try pages.library.render("forms/builder-preview-page", model)
        }
        return HTTPResponse(
            status: withinLimits ? .ok : .unprocessableContent,
            headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
            body: .bytes(Array(html.utf8))
        )
    }

    /// The landing page's form as `definition` shows it, rendered by the landing page's own
    /// template (every user text escaped there); or, when the definition is past the
    /// limits save and publish enforce (fields, choices, lengths), a short note naming
    /// them instead, so an oversized definition costs no more to answer than it took to send.
    private func preview(of definition: FormDefinition) throws -> (html: String, withinLimits: Bool) {
        let exceeded = FormDefinitionValidator.validate(definition).exceededLimits
        guard exceeded.isEmpty else {
            let shown = 5
            let model: MustacheValue = [
                "limits": .list(exceeded.prefix(shown).map { .string($0) }),
                "more": exceeded.count > shown ? .int(exceeded.count - shown) : .bool(false),
            ]
            return (try pages.library.render("forms/builder-preview-refused", model), false)
        }
        return (try LandingPage(definition: definition).renderForm(pages.library), true)
    }

    /// The absolute origin landing pages are shared under: a link pasted into an email or
    /// a social post needs scheme and host.
    static func absoluteLandingOrigin(_ configuration: AppConfiguration) -> String {
        var origin = configuration.landingBaseURL ?? configuration.baseURL
        while origin.hasSuffix("/") { origin.removeLast() }
        return origin
    }

    private func campaignID(_ auth: AuthenticatedContext) throws -> Int64 {
        try auth.request.parameters.int64("id")
    }

    /// The snapshot of a campaign whose form may change: 404 for another organization's
    /// campaign, 409 for a completed or cancelled one.
    private func editableSnapshot(_ auth: AuthenticatedContext) throws -> FormDraftSnapshot {
        let snapshot = try drafts.snapshot(campaignID: try campaignID(auth), auth: auth)
        guard !snapshot.campaign.isFinal else {
            throw WebError(.conflict, "This campaign is \(snapshot.campaign.status); its form can no longer be changed.")
        }
        return snapshot
    }

    private func render(
        _ snapshot: FormDraftSnapshot, _ state: FormBuilderState, problems: FormDefinitionProblems, addError: String?,
        auth: AuthenticatedContext, status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let page = try page(snapshot, state, problems: problems, addError: addError, auth: auth)
        return try pages.render("forms/builder", page, context: auth.request, section: .campaigns, status: status)
    }

    private func page(
        _ snapshot: FormDraftSnapshot, _ state: FormBuilderState, problems: FormDefinitionProblems, addError: String?,
        auth: AuthenticatedContext
    ) throws -> FormBuilderPage {
        FormBuilderPage(
            snapshot: snapshot, state: state, problems: problems, addError: addError,
            canEdit: auth.can(.campaignUpdate) && !snapshot.campaign.isFinal,
            previewHTML: try preview(of: state.definition).html,
            shareURL: landingOrigin + "/f/" + snapshot.campaign.slug
        )
    }
}
