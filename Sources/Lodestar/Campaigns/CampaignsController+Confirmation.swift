import HTTP
import Postgres
import Web

/// The confirmation pages of a campaign's final actions: completing and cancelling
/// (GET `/app/campaigns/:id/status?status=completed|cancelled`) and deleting a draft (GET
/// `/app/campaigns/:id/delete`). Each says what happens and what cannot be undone, and its
/// form posts the action with `confirm=yes`; a post without it comes back here (303), so
/// no final action happens on one click.
extension CampaignsController {
    /// Completing and cancelling end a campaign for good: they ask first.
    static func needsConfirmation(_ target: CampaignStatus) -> Bool { target.isFinal }

    static func confirmationURL(_ campaign: Campaign, target: CampaignStatus) -> String {
        campaign.pageURL + "/status?status=" + target.rawValue
    }

    func confirmStatus(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let requested = auth.request.query["status"] ?? ""
        guard let target = CampaignStatus(rawValue: requested) else {
            throw WebError.badRequest("'\(requested)' is not a campaign status. Use one of the buttons on the campaign page.")
        }
        let (campaign, published) = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let campaign = try Self.campaign(id, auth, transaction)
            return (campaign, try FormVersions.latestVersion(campaignID: id, organizationID: auth.organizationID, in: transaction) != nil)
        }
        // Only final steps are asked for; a step that cannot happen shows the campaign page with the reason.
        guard Self.needsConfirmation(target) else { return try HTTPResponse.redirect(to: campaign.pageURL) }
        if let refusal = CampaignStatusChange.refusal(from: campaign, to: target, hasPublishedForm: published) {
            return try renderPage(id, auth, refusal: refusal.message, status: refusal.status)
        }
        let ending = target == .completed ? "completed" : "cancelled"
        var consequences = [
            "Its landing page closes at once: visitors are told the campaign has ended, and the form takes no more answers.",
            "Its leads, results and history stay as they are.",
        ]
        if target == .cancelled && campaign.status == .active {
            consequences.append("To stop it only for a while, pause it instead.")
        }
        let page = ConfirmationPage(
            question: (target == .completed ? "Complete " : "Cancel ") + campaign.name + "?",
            consequences: consequences,
            irreversible: "This cannot be undone: a \(ending) campaign cannot be reopened, edited or given another status.",
            action: campaign.pageURL + "/status", fields: [("status", target.rawValue)],
            confirmLabel: target.actionLabel, backURL: campaign.pageURL, backLabel: "Keep the campaign as it is")
        return try pages.render("pages/confirm", page, context: auth.request, section: .campaigns)
    }

    func confirmDelete(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try Self.campaignID(auth)
        let campaign = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try Self.campaign(id, auth, transaction)
        }
        let page = ConfirmationPage(
            question: "Delete the draft \(campaign.name)?",
            consequences: ["The campaign, its form (the draft and any published versions) and its history are deleted."],
            irreversible: "This cannot be undone: a deleted campaign cannot be brought back.",
            action: campaign.pageURL + "/delete", confirmLabel: "Delete draft", backURL: campaign.pageURL,
            backLabel: "Keep the draft")
        return try pages.render("pages/confirm", page, context: auth.request, section: .campaigns)
    }
}
