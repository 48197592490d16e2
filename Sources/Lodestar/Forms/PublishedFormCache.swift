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
/// the page GET answers with, rendered when loaded.
struct LandingEntry: Sendable {
    var form: PublishedForm?
    var page: CachedPage
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
final class PublishedFormCache: Sendable {
    typealias Loader = @Sendable (String) throws -> LandingEntry

    private struct Slot {
        var entry: LandingEntry?
        var loadedAt: ContinuousClock.Instant
        var refreshing: Bool
    }

    private struct State {
        var slots: [String: Slot] = [:]
        /// Bumped by every invalidation; a load that started before it does not store.
        var generation = 0
    }

    let timeToLive: Duration
    let maximumEntries: Int
    private let load: Loader
    private let state = Mutex(State())

    init(timeToLive: Duration = .seconds(1), maximumEntries: Int = 10_000, load: @escaping Loader) {
        self.timeToLive = timeToLive
        self.maximumEntries = maximumEntries
        self.load = load
    }

    /// The entry for `slug`, loading it when missing or stale.
    func entry(slug: String) throws -> LandingEntry {
        let now = ContinuousClock.now
        enum Step { case hit(LandingEntry), reload(generation: Int) }
        let step: Step = state.withLock { state in
            if var slot = state.slots[slug], let entry = slot.entry {
                if now - slot.loadedAt < timeToLive || slot.refreshing { return .hit(entry) }
                slot.refreshing = true
                state.slots[slug] = slot
            }
            return .reload(generation: state.generation)
        }
        switch step {
        case .hit(let entry):
            return entry
        case .reload(let generation):
            return try reload(slug, generation: generation, now: now)
        }
    }

    private func reload(_ slug: String, generation: Int, now: ContinuousClock.Instant) throws -> LandingEntry {
        let entry: LandingEntry
        do {
            entry = try load(slug)
        } catch {
            state.withLock { state in state.slots[slug]?.refreshing = false }
            throw error
        }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.slots[slug] == nil, state.slots.count >= maximumEntries { prune(&state, now: now) }
            state.slots[slug] = Slot(entry: entry, loadedAt: ContinuousClock.now, refreshing: false)
        }
        return entry
    }

    /// Forgets `slug` (or every slug when nil), so the next request reads the database:
    /// call it after publishing a form or changing a campaign's status or slug.
    func invalidate(slug: String? = nil) {
        state.withLock { state in
            state.generation += 1
            if let slug { state.slots[slug] = nil } else { state.slots.removeAll() }
        }
    }

    private func prune(_ state: inout State, now: ContinuousClock.Instant) {
        state.slots = state.slots.filter { now - $0.value.loadedAt < timeToLive }
        if state.slots.count >= maximumEntries { state.slots.removeAll(keepingCapacity: true) }
    }
}
