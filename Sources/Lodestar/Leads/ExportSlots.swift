import Synchronization

/// How many lead exports may stream at once: at most `perOrganization` for one
/// organization (`LEAD_EXPORTS_PER_ORGANIZATION`) and `limit` in the whole process
/// (`LEAD_EXPORTS_MAX`). Each running export holds one pooled database connection (its
/// cursor's transaction) for as long as the client keeps downloading: the process-wide cap
/// keeps a few slow downloads from taking every connection and stalling every page, and
/// the per-organization cap keeps one organization from taking every export slot.
final class ExportSlots: Sendable {
    /// Why no slot was given.
    enum Refusal: Error, Equatable {
        /// The organization already runs `perOrganization` exports.
        case organizationBusy
        /// The process already runs `limit` exports.
        case processBusy
    }

    private struct Counts {
        var total = 0
        var byOrganization: [Int64: Int] = [:]
    }

    let limit: Int
    let perOrganization: Int
    private let counts = Mutex(Counts())

    init(limit: Int, perOrganization: Int) {
        self.limit = max(1, limit)
        self.perOrganization = max(1, perOrganization)
    }

    /// A slot for an export of `organizationID`. The slot is given back when the returned
    /// value is released (the export's stream closure holds it), so it cannot leak even
    /// if the stream never runs.
    func take(organizationID: Int64) -> Result<Slot, Refusal> {
        counts.withLock { counts -> Result<Slot, Refusal> in
            let running = counts.byOrganization[organizationID] ?? 0
            if running >= perOrganization { return .failure(.organizationBusy) }
            if counts.total >= limit { return .failure(.processBusy) }
            counts.total += 1
            counts.byOrganization[organizationID] = running + 1
            return .success(Slot(owner: self, organizationID: organizationID))
        }
    }

    var running: Int { counts.withLock { $0.total } }

    fileprivate func release(_ organizationID: Int64) {
        counts.withLock { counts in
            counts.total -= 1
            let left = (counts.byOrganization[organizationID] ?? 1) - 1
            counts.byOrganization[organizationID] = left > 0 ? left : nil
        }
    }

    final class Slot: Sendable {
        private let owner: ExportSlots
        private let organizationID: Int64

        fileprivate init(owner: ExportSlots, organizationID: Int64) {
            self.owner = owner
            self.organizationID = organizationID
        }

        deinit {
            owner.release(organizationID)
        }
    }
}
