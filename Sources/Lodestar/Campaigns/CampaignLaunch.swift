import HTTP
import Postgres

/// Going live in one action: what **Go live** does for a campaign that is not open yet, and
/// what its landing page does after a form is published. Go live follows the status table
/// (`draft -> scheduled -> active`): a start date ahead schedules the campaign (the
/// campaign schedule activates it on that day); a start date today or earlier schedules
/// and activates it at once, both steps in one transaction. Pure, so the rules are
/// testable alone; the controller supplies the facts under the campaign's row lock.
enum CampaignLaunch {
    /// The statuses Go live moves `campaign` through, in order, or why it cannot.
    static func steps(
        for campaign: Campaign, hasPublishedForm: Bool, today: CalendarDate
    ) -> Result<[CampaignStatus], CampaignStatusChange.Refusal> {
        let steps: [CampaignStatus]
        switch campaign.status {
        case .draft:
            steps = campaign.startsOn.map { $0 > today } ?? true ? [.scheduled] : [.scheduled, .active]
        case .scheduled:
            if let startsOn = campaign.startsOn, startsOn > today {
                return .failure(.init(
                    status: .conflict,
                    message: "\(campaign.name) is already scheduled: its landing page opens on \(startsOn)."))
            }
            steps = [.active]
        case .active, .paused, .completed, .cancelled:
            return .failure(.init(
                status: .conflict,
                message: "\(campaign.name) is \(campaign.status.label.lowercased()): only drafts and scheduled campaigns go live."))
        }
        if let endsOn = campaign.endsOn, endsOn < today {
            return .failure(.init(
                status: .unprocessableContent,
                message: "\(campaign.name) cannot go live: its end date \(endsOn) has passed. Change the dates with Edit."))
        }
        var current = campaign
        for step in steps {
            if let refusal = CampaignStatusChange.refusal(from: current, to: step, hasPublishedForm: hasPublishedForm) {
                return .failure(refusal)
            }
            current.status = step
        }
        return .success(steps)
    }

    /// The flash after a successful Go live that ended in `status`.
    static func doneMessage(_ campaign: Campaign, status: CampaignStatus, landingAddress: String) -> String {
        if status == .active {
            return "\(campaign.name) is live: its landing page is open at \(landingAddress)."
        }
        let day = campaign.startsOn.map { "on \($0)" } ?? "on its start date"
        return "\(campaign.name) is scheduled: its landing page opens \(day)."
    }

    /// The flash after publishing form version `version`: true about when people see it.
    static func publishedMessage(version: Int, status: CampaignStatus, startsOn: CalendarDate?, today: CalendarDate) -> String {
        let published = "Version \(version) of the form is published"
        switch status {
        case .active:
            return published + "; the landing page shows it now."
        case .completed, .cancelled:
            return published + "; the campaign has ended, so the landing page takes no answers."
        case .paused:
            return published + ". The landing page is paused: it shows this version when you resume the campaign."
        case .draft:
            let opens = startsOn.map { $0 > today } ?? false
                ? "Go live from the campaign page and it opens on \(startsOn?.description ?? "its start date")."
                : "It opens when you go live from the campaign page."
            return published + ". The landing page is not open yet: the campaign is a draft. " + opens
        case .scheduled:
            if let startsOn, startsOn > today {
                return published + ". The landing page is not open yet: the campaign is scheduled and opens on \(startsOn)."
            }
            return published + ". The landing page is not open yet: the campaign starts today and opens when the campaign "
                + "schedule next runs (within minutes)."
        }
    }
}
