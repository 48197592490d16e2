import HTTP
import Synchronization
import Testing
@testable import Lodestar

/// The landing page's in-memory cache on its own: loads once while fresh, reloads when
/// stale or invalidated, and a failed load is retried by the next request.
@Suite struct PublishedFormCacheTests {
    struct LoadFailed: Error {}

    /// What the test loader counts and whether it fails.
    final class Loader: Sendable {
        let loads = Mutex(0)
        let failing = Mutex(false)
    }

    /// A cache whose loader counts its calls and fails while `failing` is set.
    private func makeCache(ttl: Duration) -> (PublishedFormCache, Loader) {
        let loader = Loader()
        let cache = PublishedFormCache(timeToLive: ttl) { slug in
            if loader.failing.withLock({ $0 }) { throw LoadFailed() }
            let count = loader.loads.withLock { count in
                count += 1
                return count
            }
            return LandingEntry(form: nil, page: CachedPage(status: .ok, headers: [:], body: Array("\(slug) \(count)".utf8)))
        }
        return (cache, loader)
    }

    private func body(_ entry: LandingEntry) -> String { String(decoding: entry.page.body, as: UTF8.self) }

    @Test func aFreshEntryIsLoadedOnce() throws {
        let (cache, loader) = makeCache(ttl: .seconds(60))
        for _ in 0..<5 { #expect(body(try cache.entry(slug: "spring")) == "spring 1") }
        #expect(body(try cache.entry(slug: "autumn")) == "autumn 2")
        #expect(loader.loads.withLock { $0 } == 2)
    }

    @Test func aStaleEntryIsReloaded() throws {
        let (cache, loader) = makeCache(ttl: .zero)
        #expect(body(try cache.entry(slug: "spring")) == "spring 1")
        #expect(body(try cache.entry(slug: "spring")) == "spring 2")
        #expect(loader.loads.withLock { $0 } == 2)
    }

    @Test func invalidationForcesAReload() throws {
        let (cache, _) = makeCache(ttl: .seconds(60))
        #expect(body(try cache.entry(slug: "spring")) == "spring 1")
        #expect(body(try cache.entry(slug: "autumn")) == "autumn 2")
        cache.invalidate(slug: "spring")
        #expect(body(try cache.entry(slug: "spring")) == "spring 3")
        #expect(body(try cache.entry(slug: "autumn")) == "autumn 2")
        cache.invalidate()
        #expect(body(try cache.entry(slug: "autumn")) == "autumn 4")
    }

    @Test func aFailedLoadIsRetriedByTheNextRequest() throws {
        let (cache, loader) = makeCache(ttl: .zero)
        #expect(body(try cache.entry(slug: "spring")) == "spring 1")
        loader.failing.withLock { $0 = true }
        #expect(throws: LoadFailed.self) { try cache.entry(slug: "spring") }
        loader.failing.withLock { $0 = false }
        #expect(body(try cache.entry(slug: "spring")) == "spring 2")
    }
}

/// What a flood of made-up slugs costs: each is remembered (so it costs no query while
/// fresh), but they all share one entry and one rendered "no form here" page rather than
/// each holding a page of its own.
@Suite struct PublishedFormCacheUnknownSlugTests {
    @Test func unknownSlugsShareOneEntryAndPage() throws {
        let world = try LandingWorld()
        let cache = world.app.landing.cache
        let first = try cache.entry(slug: TestDatabase.unique("nobody-"))
        let second = try cache.entry(slug: TestDatabase.unique("nobody-"))
        #expect(first.form == nil && second.form == nil)
        #expect(first.page.status == .notFound)
        #expect(first === second)
        let response = world.client().get("/f/" + TestDatabase.unique("nobody-"))
        #expect(response.status == .notFound)
        #expect(response.text.contains("There is no form here"))
    }
}
