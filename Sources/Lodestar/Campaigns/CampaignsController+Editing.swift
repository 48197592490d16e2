import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// Creating (`/app/campaigns/new`, POST `/app/campaigns`) and editing
/// (`/app/campaigns/:id/edit`, POST `/app/campaigns/:id`) campaigns. A refused form is a
/// 422 showing every typed value with each error beside its field; a stored change writes
/// its campaign history rows and its audit entry in the same transaction.
extension CampaignsController {
    func new(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try renderForm(nil, CampaignInput(), CampaignInputErrors(), auth)
    }

    func create(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let input = CampaignInput(form: try request.formData())
        let fields: CampaignFields
        switch input.validate() {
        case .success(let valid): fields = valid
        case .failure(let errors): return try renderForm(nil, input, errors, auth, status: .unprocessableContent)
        }
        let campaign: Campaign
        do {
            campaign = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
                let campaign = try transaction.storeWithSlug(requested: fields.slug, name: fields.name) { transaction, slug in
                    try transaction.insertCampaign(fields, slug: slug, organizationID: auth.organizationID, createdBy: auth.user.id)
                }
                try CampaignHistory.record(
                    [CampaignHistory.Change(field: "created", old: nil, new: campaign.name)], campaignID: campaign.id,
                    organizationID: auth.organizationID, actorUserID: auth.user.id, in: transaction)
                try transaction.audit(auth.auditEvent(
                    "campaign.created", entityType: "campaign", entityID: String(campaign.id),
                    new: ["name": campaign.name, "slug": campaign.slug, "status": campaign.status.rawValue]))
                return campaign
            }
        } catch let taken as CampaignSlugTaken {
            return try renderForm(nil, input, Self.slugErrors(taken, requested: fields.slug), auth, status: .unprocessableContent)
        }
        try auth.session?.flash(.success, "The campaign \(campaign.name) was created. Its landing page will be \(pages.landingOrigin + campaign.landingURL).")
        return try HTTPResponse.redirect(to: campaign.pageURL)
    }

    func edit(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let campaign = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.campaign(id, auth, transaction)
        }
        try Self.requireEditable(campaign)
        return try renderForm(campaign, CampaignInput(campaign: campaign), CampaignInputErrors(), auth)
    }

    func update(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let input = CampaignInput(form: try request.formData())
        // 404 (another organization's id) and 409 (final) come before the form's errors.
        let current = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.campaign(id, auth, transaction)
        }
        try Self.requireEditable(current)
        let fields: CampaignFields
        switch input.validate() {
        case .success(let valid): fields = valid
        case .failure(let errors): return try renderForm(current, input, errors, auth, status: .unprocessableContent)
        }
        let changes: [CampaignHistory.Change]
        do {
            changes = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
                let old = try Self.campaign(id, auth, transaction, forUpdate: true)
                try Self.requireEditable(old)
                if old.status == .scheduled && fields.startsOn == nil {
                    var errors = CampaignInputErrors()
                    errors[.startsOn] = "A scheduled campaign needs a start date. Move it back to draft to remove the date."
                    throw errors
                }
                let new = try transaction.storeWithSlug(requested: fields.slug, name: fields.name) { transaction, slug in
                    try transaction.updateCampaign(id: id, organizationID: auth.organizationID, fields, slug: slug)
                }
                if new.slug.lowercased() != old.slug.lowercased() {
                    try transaction.reserveSlug(old.slug, organizationID: auth.organizationID, days: slugReservationDays)
                }
                let changes = CampaignHistory.changes(from: old, to: new)
                guard !changes.isEmpty else { return changes }
                try CampaignHistory.record(
                    changes, campaignID: id, organizationID: auth.organizationID, actorUserID: auth.user.id, in: transaction)
                try transaction.audit(auth.auditEvent(
                    "campaign.updated", entityType: "campaign", entityID: String(id),
                    old: Dictionary(uniqueKeysWithValues: changes.map { ($0.field, $0.old ?? "") }),
                    new: Dictionary(uniqueKeysWithValues: changes.map { ($0.field, $0.new ?? "") })))
                return changes
            }
        } catch let taken as CampaignSlugTaken {
            return try renderForm(current, input, Self.slugErrors(taken, requested: fields.slug), auth, status: .unprocessableContent)
        } catch let errors as CampaignInputErrors {
            return try renderForm(current, input, errors, auth, status: .unprocessableContent)
        }
        if !changes.isEmpty { landingChanged() }
        let message = changes.isEmpty
            ? "Nothing was changed."
            : "Saved: " + changes.map { CampaignHistory.label(field: $0.field).lowercased() }.joined(separator: ", ") + "."
        try auth.session?.flash(changes.isEmpty ? .info : .success, message)
        return try HTTPResponse.redirect(to: "/app/campaigns/\(id)")
    }

    /// Completed and cancelled campaigns stay as they ended: 409 with the reason.
    static func requireEditable(_ campaign: Campaign) throws {
        guard campaign.status.isFinal else { return }
        throw WebError(
            .conflict,
            "\(campaign.name) is \(campaign.status.label.lowercased()), and \(campaign.status.label.lowercased()) campaigns "
                + "are kept as they ended: they can no longer be edited.")
    }

    private static func slugErrors(_ taken: CampaignSlugTaken, requested: String?) -> CampaignInputErrors {
        var errors = CampaignInputErrors()
        errors[.slug] = requested == nil
            ? "Every address made from this name is taken. Choose an address yourself."
            : taken.isReserved
            ? "The address /f/\(taken.slug) is reserved: another organization's campaign used it recently, and links to it "
                + "may still be in people's mail. Choose another one."
            : "The address /f/\(taken.slug) belongs to another campaign. Choose another one."
        return errors
    }

    /// The new-campaign form (`campaign` nil) or the edit form of `campaign`.
    private func renderForm(
        _ campaign: Campaign?, _ input: CampaignInput, _ errors: CampaignInputErrors, _ auth: AuthenticatedContext,
        status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let errorCount = errors.messages.count
        let currency = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.organizationCurrency(organizationID: auth.organizationID)
        }
        let model: MustacheValue = [
            "title": .string(campaign.map { "Edit \($0.name)" } ?? "New campaign"),
            "action": .string(campaign?.pageURL ?? "/app/campaigns"),
            "submitLabel": .string(campaign == nil ? "Create campaign" : "Save changes"),
            "cancelURL": .string(campaign?.pageURL ?? "/app/campaigns"),
            "fields": CampaignViews.formFields(input, errors: errors, isEdit: campaign != nil, currency: currency),
            "errorSummary": errorCount == 0 ? .null : .string(
                errorCount == 1 ? "One field needs your attention." : "\(errorCount) fields need your attention."),
        ]
        return try pages.render("campaigns/form", model, context: auth.request, section: .campaigns, status: status)
    }
}
