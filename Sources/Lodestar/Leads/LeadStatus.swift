/// Where a lead stands, and the one table of which changes are allowed.
///
/// The pipeline runs `new -> contacted -> qualified -> converted`. An open lead (new,
/// contacted or qualified) may move to any other status in one step: ahead past a rung
/// (a lead that calls back ready to buy goes from new to converted), back to an earlier
/// open status (to undo a slip), or to `disqualified`. `converted` and `disqualified` are
/// final: nothing leaves them, because the lead's outcome is what the reports count.
enum LeadStatus: String, Sendable, CaseIterable, Comparable {
    case new, contacted, qualified, converted, disqualified

    var label: String {
        switch self {
        case .new: "New"
        case .contacted: "Contacted"
        case .qualified: "Qualified"
        case .converted: "Converted"
        case .disqualified: "Disqualified"
        }
    }

    /// The label of the button that moves a lead from `current` to this status.
    func actionLabel(from current: LeadStatus) -> String {
        if self == .disqualified { return "Disqualify" }
        return self < current ? "Back to \(label.lowercased())" : "Mark \(label.lowercased())"
    }

    var isFinal: Bool { self == .converted || self == .disqualified }

    /// The statuses a lead in this status may move to: forward in pipeline order, then
    /// disqualified, then back (nearest first).
    var allowedTargets: [LeadStatus] {
        guard !isFinal else { return [] }
        let forward = Self.allCases.filter { $0 > self && $0 != .disqualified }
        let back = Self.allCases.filter { $0 < self }.reversed()
        return forward + [.disqualified] + back
    }

    func canMove(to target: LeadStatus) -> Bool { allowedTargets.contains(target) }

    /// The statuses from which a lead may move to `target` (what a bulk change touches).
    static func sources(of target: LeadStatus) -> [LeadStatus] {
        allCases.filter { $0.canMove(to: target) }
    }

    /// Why a lead in this status cannot move to `target`, for the person who tried.
    func refusal(to target: LeadStatus) -> String {
        if self == target { return "This lead is already \(label.lowercased())." }
        if isFinal { return "A \(label.lowercased()) lead is final; its status cannot change any more." }
        let options = allowedTargets.map { $0.label.lowercased() }
        let choices = options.count > 1 ? options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "") : options.joined()
        return "A \(label.lowercased()) lead can only become \(choices)."
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    static func < (lhs: LeadStatus, rhs: LeadStatus) -> Bool { lhs.rank < rhs.rank }
}
