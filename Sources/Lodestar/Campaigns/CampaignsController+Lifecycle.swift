import Foundation
import HTTP
import Postgres
import Web

/// Status changes (POST `/app/campaigns/:id/status` with `status=<target>`), going live
/// (POST `.../go-live`) and deleting (POST `.../delete`). Completing, cancelling and
/// deleting need `confirm=yes` from their confirmation page (`+Confirmation`); without it
/// an allowed step answers 303 to that page and changes nothing (a refused one is refused
/// as always). Both lock the campaign row (`SELECT ... FOR UPDATE`)
/// before checking, so two concurrent requests cannot both apply: the second sees the
/// first one's result. A refusal re-renders the campaign page with the reason (409 or 422).
extension CampaignsController {
    func changeStatus(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let form = try request.formData()
        let requested = form["status"] ?? ""
        guard let target = CampaignStatus(rawValue: requested) else {
            throw WebError.badRequest("'\(requested)' is not a campaign status. Use one of the buttons on the campaign page.")
        }
        return try applyLocked(id, auth) { transaction, campaign in
            let published = try FormVersions.latestVersion(campaignID: id, organizationID: auth.organizationID, in: transaction) != nil
            if let refusal = CampaignStatusChange.refusal(from: campaign, to: target, hasPublishedForm: published) {
                return .refused(refusal)
            }
            if Self.needsConfirmation(target) && !ConfirmationPage.isConfirmed(form) {
                return .ask(Self.confirmationURL(campaign, target: target))
            }
            try record(campaign, from: campaign.status, to: target, auth, transaction)
            return .done(message: "\(campaign.name) is now \(target.label.lowercased()).", location: campaign.pageURL)
        }
    }

    /// POST `/app/campaigns/:id/go-live`: the setup checklist's one action
    /// (`CampaignLaunch`): schedules a draft whose start date is ahead, activates one whose
    /// start date is today or past (through scheduled, each step in the history and the
    /// audit log), or refuses with what is missing.
    func goLive(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let landingOrigin = pages.landingOrigin
        return try applyLocked(id, auth) { transaction, campaign in
            let published = try FormVersions.latestVersion(campaignID: id, organizationID: auth.organizationID, in: transaction) != nil
            let steps: [CampaignStatus]
            switch CampaignLaunch.steps(for: campaign, hasPublishedForm: published, today: CampaignSchedule.today()) {
            case .failure(let refusal): return .refused(refusal)
            case .success(let planned): steps = planned
            }
            var current = campaign.status
            for step in steps {
                try record(campaign, from: current, to: step, auth, transaction)
                current = step
            }
            return .done(
                message: CampaignLaunch.doneMessage(campaign, status: current, landingAddress: landingOrigin + campaign.landingURL),
                location: campaign.pageURL)
        }
    }

    /// Deletes a draft that has no leads; anything else is refused (409) with the reason:
    /// a campaign that ran or has leads is cancelled or completed instead, so its numbers
    /// stay. Its slug stays reserved to the organization (`SLUG_RESERVATION_DAYS`).
    func delete(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let confirmed = ConfirmationPage.isConfirmed(try request.formData())
        return try applyLocked(id, auth) { transaction, campaign in
            guard campaign.status == .draft else {
                return .refused(.init(
                    status: .conflict,
                    message: "\(campaign.name) is \(campaign.status.label.lowercased()); only drafts can be deleted. "
                        + (campaign.status.isFinal ? "It stays in the list as it ended." : "Cancel it instead.")))
            }
            guard try !transaction.campaignHasLeads(id: id, organizationID: auth.organizationID) else {
                return .refused(.init(
                    status: .conflict,
                    message: "\(campaign.name) has leads, so it cannot be deleted (they would lose their campaign). Cancel it instead."))
            }
            guard confirmed else { return .ask(campaign.pageURL + "/delete") }
            try transaction.deleteCampaign(id: id, organizationID: auth.organizationID)
            try transaction.reserveSlug(campaign.slug, organizationID: auth.organizationID, days: slugReservationDays)
            try transaction.audit(auth.auditEvent(
                "campaign.deleted", entityType: "campaign", entityID: String(id),
                old: ["name": campaign.name, "slug": campaign.slug, "status": campaign.status.rawValue]))
            return .done(message: "The draft \(campaign.name) was deleted.", location: "/app/campaigns")
        }
    }

    /// Sets the status, with its history row and audit entry.
    private func record(
        _ campaign: Campaign, from old: CampaignStatus, to new: CampaignStatus, _ auth: AuthenticatedContext, _ transaction: Transaction
    ) throws {
        try transaction.setCampaignStatus(id: campaign.id, organizationID: auth.organizationID, new)
        try CampaignHistory.record(
            [CampaignHistory.Change(field: "status", old: old.rawValue, new: new.rawValue)], campaignID: campaign.id,
            organizationID: auth.organizationID, actorUserID: auth.user.id, in: transaction)
        try transaction.audit(auth.auditEvent(
            "campaign.status_changed", entityType: "campaign", entityID: String(campaign.id),
            old: ["status": old.rawValue], new: ["status": new.rawValue]))
    }

    private enum LockedOutcome {
        case done(message: String, location: String)
        case refused(CampaignStatusChange.Refusal)
        /// Allowed, but not confirmed yet: to the confirmation page, nothing changed.
        case ask(String)
    }

    /// Runs `change` on the campaign locked `FOR UPDATE` in one tenant transaction (404 when
    /// it is not this organization's); then a flash and 303, or the campaign page with the refusal.
    private func applyLocked(
        _ id: Int64, _ auth: AuthenticatedContext, _ change: (Transaction, Campaign) throws -> LockedOutcome
    ) throws -> HTTPResponse {
        let outcome = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try change(transaction, try Self.campaign(id, auth, transaction, forUpdate: true))
        }
        switch outcome {
        case .refused(let refusal):
            return try renderPage(id, auth, refusal: refusal.message, status: refusal.status)
        case .ask(let location):
            return try HTTPResponse.redirect(to: location)
        case .done(let message, let location):
            landingChanged()
            try auth.session?.flash(.success, message)
            return try HTTPResponse.redirect(to: location)
        }
    }
}
