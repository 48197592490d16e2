import HTTP

/// Whether a campaign may move to another status: the transition table of
/// `CampaignStatus.allowedTransitions` plus what the target status needs (a start date to
/// be scheduled, a published form to be scheduled or active). Pure, so the rules are
/// testable on their own; the controller supplies the facts under a row lock.
enum CampaignStatusChange {
    /// Why a change is refused, with the status to answer: 409 when the table forbids it
    /// from the current status, 422 when something the target needs is missing.
    struct Refusal: Error, Sendable, Equatable {
        let status: HTTPStatus
        let message: String
    }

    static func refusal(from campaign: Campaign, to target: CampaignStatus, hasPublishedForm: Bool) -> Refusal? {
        let current = campaign.status
        if current == target {
            return Refusal(status: .conflict, message: "\(campaign.name) is already \(current.label.lowercased()).")
        }
        if current.isFinal {
            return Refusal(
                status: .conflict,
                message: "\(campaign.name) is \(current.label.lowercased()). Completed and cancelled campaigns are final: "
                    + "their status cannot change any more.")
        }
        guard current.canChange(to: target) else {
            let allowed = current.allowedTransitions.map { $0.label.lowercased() }
            return Refusal(
                status: .conflict,
                message: "\(campaign.name) is \(current.label.lowercased()) and cannot become \(target.label.lowercased()). "
                    + "From \(current.label.lowercased()) it can become \(list(allowed, joinedBy: "or")).")
        }
        var missing: [String] = []
        if target == .scheduled && campaign.startsOn == nil {
            missing.append("a start date (set one with Edit)")
        }
        if target.needsPublishedForm && !hasPublishedForm {
            missing.append("a published form (build and publish it in the form builder)")
        }
        guard missing.isEmpty else {
            return Refusal(
                status: .unprocessableContent,
                message: "\(campaign.name) cannot become \(target.label.lowercased()) yet: it needs \(list(missing, joinedBy: "and")).")
        }
        return nil
    }

    /// `a`, `a or b`, `a, b or c` (with `joinedBy: "or"`).
    private static func list(_ items: [String], joinedBy conjunction: String) -> String {
        guard let last = items.last else { return "nothing" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
