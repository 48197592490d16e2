import Foundation
import HTTP
import Postgres
import Web

/// Status changes (POST `/app/campaigns/:id/status` with `status=<target>`) and deleting
/// (POST `/app/campaigns/:id/delete`). Both lock the campaign row (`SELECT ... FOR UPDATE`)
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
        let outcome: Result<Campaign, CampaignStatusChange.Refusal> = try database.tenant(
            organizationID: auth.organizationID, userID: auth.user.id
        ) { transaction in
            let campaign = try Self.campaign(id, auth, transaction, forUpdate: true)
            let published = try FormVersions.latestVersion(campaignID: id, organizationID: auth.organizationID, in: transaction) != nil
            if let refusal = CampaignStatusChange.refusal(from: campaign, to: target, hasPublishedForm: published) {
                return .failure(refusal)
            }
            try transaction.setCampaignStatus(id: id, organizationID: auth.organizationID, target)
            try CampaignHistory.record(
                [CampaignHistory.Change(field: "status", old: campaign.status.rawValue, new: target.rawValue)], campaignID: id,
                organizationID: auth.organizationID, actorUserID: auth.user.id, in: transaction)
            try transaction.audit(auth.auditEvent(
                "campaign.status_changed", entityType: "campaign", entityID: String(id),
                old: ["status": campaign.status.rawValue], new: ["status": target.rawValue]))
            return .success(campaign)
        }
        switch outcome {
        case .failure(let refusal):
            return try renderPage(id, auth, refusal: refusal.message, status: refusal.status)
        case .success(let campaign):
            try auth.session?.flash(.success, "\(campaign.name) is now \(target.label.lowercased()).")
            return try HTTPResponse.redirect(to: campaign.pageURL)
        }
    }

    /// Deletes a draft that has no leads; anything else is refused (409) with the reason:
    /// a campaign that ran or has leads is cancelled or completed instead, so its numbers stay.
    func delete(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let outcome: Result<Campaign, CampaignStatusChange.Refusal> = try database.tenant(
            organizationID: auth.organizationID, userID: auth.user.id
        ) { transaction in
            let campaign = try Self.campaign(id, auth, transaction, forUpdate: true)
            guard campaign.status == .draft else {
                return .failure(.init(
                    status: .conflict,
                    message: "\(campaign.name) is \(campaign.status.label.lowercased()); only drafts can be deleted. "
                        + (campaign.status.isFinal ? "It stays in the list as it ended." : "Cancel it instead.")))
            }
            guard try !transaction.campaignHasLeads(id: id, organizationID: auth.organizationID) else {
                return .failure(.init(
                    status: .conflict,
                    message: "\(campaign.name) has leads, so it cannot be deleted (they would lose their campaign). Cancel it instead."))
            }
            try transaction.deleteCampaign(id: id, organizationID: auth.organizationID)
            try transaction.audit(auth.auditEvent(
                "campaign.deleted", entityType: "campaign", entityID: String(id),
                old: ["name": campaign.name, "slug": campaign.slug, "status": campaign.status.rawValue]))
            return .success(campaign)
        }
        switch outcome {
        case .failure(let refusal):
            return try renderPage(id, auth, refusal: refusal.message, status: refusal.status)
        case .success(let campaign):
            try auth.session?.flash(.success, "The draft \(campaign.name) was deleted.")
            return try HTTPResponse.redirect(to: "/app/campaigns")
        }
    }
}
