import Mustache
import Postgres

/// The setup checklist a campaign's page opens with while the campaign is not live yet
/// (draft or scheduled): each step, whether it is done, what it still needs and a link
/// to do it, then the one Go live action when the steps allow it (`CampaignLaunch`).
struct CampaignChecklist {
    let campaign: Campaign
    let publishedVersion: Int?
    let today: CalendarDate
    let canUpdate: Bool
    /// The landing page's full address (origin and path), as people will see it.
    let landingAddress: String

    /// Shown for drafts and scheduled campaigns only.
    static func applies(to status: CampaignStatus) -> Bool { status == .draft || status == .scheduled }

    var mustacheValue: MustacheValue {
        let datesReady = campaign.startsOn != nil && !(campaign.endsOn.map { $0 < today } ?? false)
        let steps: [MustacheValue] = [
            step(
                "Details and dates", done: datesReady, detail: datesDetail,
                link: canUpdate ? (campaign.pageURL + "/edit", "Edit details") : nil),
            step(
                "Form published", done: publishedVersion != nil,
                detail: publishedVersion.map { "Version \($0) is published." } ?? "Build the form and publish it.",
                link: (campaign.pageURL + "/form", "Form builder")),
            step("Landing page open", done: false, detail: landingDetail, link: nil),
        ]
        let ready = CampaignLaunch.steps(for: campaign, hasPublishedForm: publishedVersion != nil, today: today)
        var goLive: MustacheValue = .null
        if canUpdate, case .success(let moves) = ready {
            goLive = [
                "explanation": .string(moves.last == .active
                    ? "Activates the campaign now: its landing page opens at \(landingAddress)."
                    : "Schedules the campaign: its landing page opens on \(campaign.startsOn?.description ?? "its start date")."),
            ]
        }
        return [
            "steps": .list(steps),
            "goLive": goLive,
            "waiting": .bool(canUpdate && campaign.status == .draft && goLive == .null),
        ]
    }

    /// When the landing page opens, seen from the campaign page.
    private var landingDetail: String {
        let ahead = campaign.startsOn.map { $0 > today } ?? false
        switch (campaign.status, ahead) {
        case (.scheduled, true): return "Opens on \(campaign.startsOn?.description ?? "the start date"), as scheduled."
        case (.scheduled, false): return "Opens today, when the campaign schedule next runs (within minutes)."
        case (_, true): return "Opens on \(campaign.startsOn?.description ?? "the start date") once you go live."
        case (_, false): return "Opens when you go live."
        }
    }

    private var datesDetail: String {
        guard let startsOn = campaign.startsOn else { return "Add a start date: the day the landing page opens." }
        if let endsOn = campaign.endsOn, endsOn < today { return "The end date \(endsOn) has passed: choose new dates." }
        return "Starts \(startsOn)" + (campaign.endsOn.map { ", ends \($0)." } ?? ", no end date.")
    }

    private func step(_ title: String, done: Bool, detail: String, link: (String, String)?) -> MustacheValue {
        [
            "title": .string(title), "done": .bool(done), "detail": .string(detail),
            "linkURL": .optional(link?.0), "linkLabel": .optional(link?.1),
        ]
    }
}
