/// Where a campaign is in its life. The transition table is `allowedTransitions`, the one
/// place that decides which status changes exist:
///
/// | from      | to                                   |
/// |-----------|--------------------------------------|
/// | draft     | scheduled, cancelled                 |
/// | scheduled | active, draft, cancelled             |
/// | active    | paused, completed, cancelled         |
/// | paused    | active, completed, cancelled         |
/// | completed | (final)                              |
/// | cancelled | (final)                              |
///
/// On top of the table, `scheduled` needs a start date, and `scheduled` and `active` need a
/// published form (see `CampaignStatusChange`).
enum CampaignStatus: String, Sendable, CaseIterable, Codable {
    case draft, scheduled, active, paused, completed, cancelled

    /// The statuses this one may change to, in the order the campaign page offers them.
    var allowedTransitions: [CampaignStatus] {
        switch self {
        case .draft: [.scheduled, .cancelled]
        case .scheduled: [.active, .draft, .cancelled]
        case .active: [.paused, .completed, .cancelled]
        case .paused: [.active, .completed, .cancelled]
        case .completed, .cancelled: []
        }
    }

    func canChange(to target: CampaignStatus) -> Bool { allowedTransitions.contains(target) }

    /// Completed and cancelled campaigns are final: no status change and no edit.
    var isFinal: Bool { allowedTransitions.isEmpty }

    /// Scheduled and active campaigns show their landing page, so they need a published form.
    var needsPublishedForm: Bool { self == .scheduled || self == .active }

    var label: String {
        switch self {
        case .draft: "Draft"
        case .scheduled: "Scheduled"
        case .active: "Active"
        case .paused: "Paused"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        }
    }

    /// The label of the button that moves a campaign into this status.
    var actionLabel: String {
        switch self {
        case .draft: "Back to draft"
        case .scheduled: "Schedule"
        case .active: "Activate"
        case .paused: "Pause"
        case .completed: "Complete"
        case .cancelled: "Cancel campaign"
        }
    }
}
