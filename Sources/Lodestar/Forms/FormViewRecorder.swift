import Dispatch
import Foundation
import Postgres
import Synchronization

/// Records `form_view` events without a database write per page view: `record` appends
/// to a buffer in memory, and a background thread flushes the buffer every
/// `flushInterval` (or sooner once `flushThreshold` views are waiting) in one
/// transaction holding, per organization, a multi-row insert into `events` and one upsert
/// per campaign and day into `campaign_daily_stats.views`. `flush()` also runs at shutdown
/// (tried again a few times if it fails).
///
/// Views are analytics: if the process dies, up to one flush interval of views is lost
/// (submissions are never buffered like this; they are committed before the prospect
/// sees the thank-you). If the database cannot be reached, the views are kept for the
/// next flush, up to `maximumBuffered` event rows; past that, views are still counted in
/// the rollup but their event rows are dropped, so memory stays bounded.
///
/// A view repeated from one address within `repeatWindow` is not recorded at all (see
/// `RecentViewers`; off by default here, `FORM_VIEW_DEDUPE_SECONDS` for the app).
final class FormViewRecorder: Sendable {
    struct View: Sendable {
        var organizationID: Int64
        var campaignID: Int64
        /// Seconds since 1970 (UTC).
        var occurredAt: Double
        var userAgent: String?
        var ipAddress: String?
    }

    private struct DayKey: Hashable {
        var organizationID: Int64
        var campaignID: Int64
        var day: Int
    }

    private struct Buffer {
        var views: [View] = []
        var counts: [DayKey: Int64] = [:]
    }

    let flushInterval: Duration
    let flushThreshold: Int
    let maximumBuffered: Int
    private let pool: ConnectionPool
    private let log: @Sendable (String) -> Void
    private let viewers: RecentViewers
    /// Per-thread buffers, so that concurrent page views rarely wait for one lock.
    private let buffers = ThreadStripes { Buffer() }
    /// Event rows buffered in all stripes together (bounded by `maximumBuffered`).
    private let buffered = Atomic<Int>(0)
    private let threadStarted = Atomic<Bool>(false)
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// Serializes flushes (the background thread and explicit calls).
    private let flushing = Mutex(())

    init(
        pool: ConnectionPool, flushInterval: Duration = .seconds(1), flushThreshold: Int = 2000,
        maximumBuffered: Int = 500_000, repeatWindow: Duration = .zero, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.pool = pool
        viewers = RecentViewers(window: repeatWindow)
        self.flushInterval = flushInterval
        self.flushThreshold = flushThreshold
        self.maximumBuffered = maximumBuffered
        self.log = log
    }

    /// Notes one page view, unless its address viewed the same campaign's page within the
    /// repeat window; never blocks on the database. The flushing thread starts with the
    /// first view.
    func record(_ view: View) {
        if let address = view.ipAddress, !viewers.admit(address: address, campaignID: view.campaignID) { return }
        let day = Int((view.occurredAt / 86_400).rounded(.down))
        let keepRow = buffered.wrappingAdd(1, ordering: .relaxed).newValue <= maximumBuffered
        if !keepRow { buffered.wrappingSubtract(1, ordering: .relaxed) }
        let wakeFlusher = buffers.withCurrentLock { buffer -> Bool in
            buffer.counts[DayKey(organizationID: view.organizationID, campaignID: view.campaignID, day: day), default: 0] += 1
            if keepRow { buffer.views.append(view) }
            return buffer.views.count == max(1, flushThreshold / buffers.count)
        }
        if !threadStarted.load(ordering: .relaxed), !stopped.load(ordering: .relaxed),
           threadStarted.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            startFlusher()
        }
        if wakeFlusher { wake.signal() }
    }

    /// Writes every buffered view now; returns how many event rows were written. On a
    /// database error the views go back into the buffer and the error is rethrown.
    @discardableResult
    func flush() throws -> Int {
        try flushing.withLock { _ in
            var views: [View] = []
            var counts: [DayKey: Int64] = [:]
            buffers.forEachLocked { buffer in
                views.append(contentsOf: buffer.views)
                counts.merge(buffer.counts, uniquingKeysWith: +)
                buffer.views.removeAll(keepingCapacity: true)
                buffer.counts.removeAll(keepingCapacity: true)
            }
            buffered.wrappingSubtract(views.count, ordering: .relaxed)
            guard !counts.isEmpty else { return 0 }
            do {
                try write(views, counts)
            } catch {
                // Back into the caller's stripe, to be written next time.
                let room = max(0, maximumBuffered - buffered.load(ordering: .relaxed))
                let kept = views.prefix(room)
                buffered.wrappingAdd(kept.count, ordering: .relaxed)
                buffers.withCurrentLock { buffer in
                    buffer.views.append(contentsOf: kept)
                    buffer.counts.merge(counts, uniquingKeysWith: +)
                }
                throw error
            }
            return views.count
        }
    }

    /// Flushes what is buffered and stops the background thread (at shutdown). A failed
    /// flush is tried again `shutdownAttempts` times in all, half a second apart, since a
    /// busy pool or a deadlock with another writer passes quickly and nothing retries later.
    func stop(shutdownAttempts: Int = 4) {
        stopped.store(true, ordering: .sequentiallyConsistent)
        wake.signal()
        for attempt in 1...max(1, shutdownAttempts) {
            do {
                try flush()
                return
            } catch where attempt < shutdownAttempts {
                log("form views: the flush at shutdown failed, trying again: \(error)")
                Thread.sleep(forTimeInterval: 0.5)
            } catch {
                log("form views: the last flush failed, views since the previous flush are lost: \(error)")
            }
        }
    }

    private var intervalMilliseconds: Int {
        let (seconds, attoseconds) = flushInterval.components
        return max(1, Int(clamping: seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    private func startFlusher() {
        let thread = Thread { [self] in
            while true {
                _ = wake.wait(timeout: .now() + .milliseconds(intervalMilliseconds))
                if stopped.load(ordering: .acquiring) { return }
                do {
                    try flush()
                } catch {
                    log("form views: flush failed, will retry: \(error)")
                }
            }
        }
        thread.name = "form-view-recorder"
        thread.start()
    }

    private func write(_ views: [View], _ counts: [DayKey: Int64]) throws {
        let viewsByOrganization = Dictionary(grouping: views, by: \.organizationID)
        let countsByOrganization = Dictionary(grouping: counts, by: \.key.organizationID)
        try pool.transaction { transaction in
            try transaction.scope(organizationID: nil)
            for organizationID in countsByOrganization.keys.sorted() {
                try transaction.setLocal("app.organization_id", String(organizationID))
                let views = viewsByOrganization[organizationID] ?? []
                if !views.isEmpty {
                    try transaction.execute(
                        """
                        INSERT INTO events (organization_id, campaign_id, kind, occurred_at, user_agent, ip_address)
                        SELECT \(organizationID), v.campaign_id, 'form_view', to_timestamp(v.at), v.agent, v.ip
                        FROM unnest(\(views.map(\.campaignID)), \(views.map(\.occurredAt)),
                                    \(views.map(\.userAgent)), \(views.map(\.ipAddress))) AS v(campaign_id, at, agent, ip)
                        """
                    )
                }
                // Sorted, so two flushes (two processes) lock the rollup rows in one order.
                let rollups = (countsByOrganization[organizationID] ?? []).sorted {
                    ($0.key.campaignID, $0.key.day) < ($1.key.campaignID, $1.key.day)
                }
                try transaction.execute(
                    """
                    INSERT INTO campaign_daily_stats (organization_id, campaign_id, day, views)
                    SELECT \(organizationID), r.campaign_id, DATE '1970-01-01' + r.day::integer, r.views
                    FROM unnest(\(rollups.map(\.key.campaignID)), \(rollups.map { Int64($0.key.day) }),
                                \(rollups.map(\.value))) AS r(campaign_id, day, views)
                    WHERE EXISTS (
                        SELECT 1 FROM campaigns c WHERE c.organization_id = \(organizationID) AND c.id = r.campaign_id
                    )
                    ON CONFLICT (organization_id, campaign_id, day)
                    DO UPDATE SET views = campaign_daily_stats.views + EXCLUDED.views
                    """
                )
            }
        }
    }
}
