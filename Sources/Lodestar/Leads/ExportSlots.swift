import Synchronization

/// How many lead exports may stream at once in this process. Each running export holds
/// one pooled database connection (its cursor's transaction) for as long as the client
/// keeps downloading, so without a cap a few slow downloads could take every connection
/// and stall every page of every organization.
final class ExportSlots: Sendable {
    let limit: Int
    private let inUse = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// A slot, or nil when `limit` exports are running. The slot is given back when the
    /// returned value is released (the export's stream closure holds it), so it cannot
    /// leak even if the stream never runs.
    func take() -> Slot? {
        while true {
            let current = inUse.load(ordering: .relaxed)
            guard current < limit else { return nil }
            if inUse.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing).exchanged {
                return Slot(owner: self)
            }
        }
    }

    var running: Int { inUse.load(ordering: .relaxed) }

    final class Slot: Sendable {
        private let owner: ExportSlots

        fileprivate init(owner: ExportSlots) {
            self.owner = owner
        }

        deinit {
            owner.inUse.subtract(1, ordering: .acquiringAndReleasing)
        }
    }
}
