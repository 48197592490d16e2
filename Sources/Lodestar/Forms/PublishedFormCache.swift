import HTTP
import Synchronization

/// A landing page answer rendered once and served many times: status, headers and body.
struct CachedPage: Sendable {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var body: [UInt8]

    var response: HTTPResponse { HTTPResponse(status: status, headers: headers, body: .bytes(body)) }
}

/// One slug as the cache holds it: the campaign and form (nil for an unknown slug) and
/// the page GET answers with, rendered when loaded. A class, so that handing it out under
/// the cache's lock costs one reference count, not a copy of every field.
final class LandingEntry: Sendable {
    let form: PublishedForm?
    let page: CachedPage

    init(form: PublishedForm?, page: CachedPage) {
        self.form = form
        self.page = page
    }
}

/// Published forms by slug in memory, so GET `/f/{slug}` costs no database round trip.
///
/// An entry is fresh for `timeToLive` (1 s by default, `FORM_CACHE_TTL_MS`): a campaign
/// paused or a form published in another process shows within that time. In this process
/// `invalidate(slug:)` drops an entry at once. When an entry goes stale, one request
/// reloads it while the others keep answering from the stale copy, so a popular page never
/// sends a burst of identical queries. Unknown slugs are cached too (so junk addresses
/// cost no query each); past `maximumEntries` expired entries are dropped, and if that is
/// not enough the cache starts over.
///
/// Fresh entries are also copied into per-thread stripes (`ThreadStripes`), where most
/// requests find them: the many HTTP workers then rarely wait for one shared lock.
final class PublishedFormCache: Sendable {
    typealias Loader = @Sendable (String) throws -> LandingEntry

    private struct Slot {
        var entry: LandingEntry?
        var loadedAt: ContinuousClock.Instant
        var refreshing: Bool
    }

    /// A fresh entry as a stripe keeps it.
    private struct Copy {
        var entry: LandingEntry
        var freshUntil: ContinuousClock.Instant
    }

    let timeToLive: Duration
    let maximumEntries: Int
    private let load: Loader
    /// The shared entries, where loads happen.
    private let origin = Mutex([String: Slot]())
    private let copies: ThreadStripes<[String: Copy]>
    /// Bumped by every invalidation; a load or copy that started before it does not store.
    private let generation = Atomic<Int>(0)

    init(timeToLive: Duration = .seconds(1), maximumEntries: Int = 10_000, load: @escaping Loader) {
        self.timeToLive = timeToLive
        self.maximumEntries = maximumEntries
        self.load = load
        copies = ThreadStripes { [:] }
    }

    /// The entry for `slug`, loading it when missing or stale.
    func entry(slug: String) throws -> LandingEntry {
        let now = ContinuousClock.now
        if let copy = copies.withCurrentLock({ $0[slug] }), now < copy.freshUntil { return copy.entry }
        let startedAt = generation.load(ordering: .acquiring)
        let (entry, loadedAt) = try sharedEntry(slug, now: now, generation: startedAt)
        let freshUntil = loadedAt + timeToLive
        if ContinuousClock.now < freshUntil {
            copies.withCurrentLock { copies in
                guard generation.load(ordering: .acquiring) == startedAt else { return }
                if copies[slug] == nil, copies.count >= maximumEntries { copies.removeAll() }
                copies[slug] = Copy(entry: entry, freshUntil: freshUntil)
            }
        }
        return entry
    }

    /// The shared entry and when it was loaded; loads it when missing, or when stale and
    /// no other request is reloading it already.
    private func sharedEntry(
        _ slug: String, now: ContinuousClock.Instant, generation startedAt: Int
    ) throws -> (LandingEntry, ContinuousClock.Instant) {
        let hit: (LandingEntry, ContinuousClock.Instant)? = origin.withLock { slots in
            guard let slot = slots[slug], let entry = slot.entry else { return nil }
            if now - slot.loadedAt < timeToLive || slot.refreshing { return (entry, slot.loadedAt) }
            slots[slug]?.refreshing = true
            return nil
        }
        if let hit { return hit }
        let entry: LandingEntry
        do {
            entry = try load(slug)
        } catch {
            origin.withLock { slots in slots[slug]?.refreshing = false }
            throw error
        }
        let loadedAt = ContinuousClock.now
        origin.withLock { slots in
            guard generation.load(ordering: .acquiring) == startedAt else { return }
            if slots[slug] == nil, slots.count >= maximumEntries {
                slots = slots.filter { now - $0.value.loadedAt < timeToLive }
                if slots.count >= maximumEntries { slots.removeAll(keepingCapacity: true) }
            }
            slots[slug] = Slot(entry: entry, loadedAt: loadedAt, refreshing: false)
        }
        return (entry, loadedAt)
    }

    /// Forgets `slug` (or every slug when nil), so the next request reads the database:
    /// call it after publishing a form or changing a campaign's status or slug.
    func invalidate(slug: String? = nil) {
        generation.add(1, ordering: .sequentiallyConsistent)
        origin.withLock { slots in
            if let slug { slots[slug] = nil } else { slots.removeAll() }
        }
        copies.forEachLocked { copies in
            if let slug { copies[slug] = nil } else { copies.removeAll() }
        }
    }
}
