/// The public landing pages' settings (`FORM_*`), read once from the environment.
public struct LandingSettings: Sendable {
    /// `FORM_RATE_LIMIT`: submissions per minute from one address (an IPv6 /64 counts as
    /// one), refused ones included; 0 turns the limit off (load tests). Default 10.
    public var rateLimitPerMinute: Int
    /// `FORM_DUPLICATE_WINDOW_SECONDS`: an identical submission (same campaign, same
    /// answers ignoring case) within this many seconds makes no new lead and gets the same
    /// thank-you (a double-clicked submit). Default 600; 0 turns the check off.
    public var duplicateWindowSeconds: Int
    /// `FORM_MAX_BODY_BYTES`: the largest submission accepted; larger ones get a 413 page.
    /// Default 65536 (64 KiB). Bodies over four times this are refused by the server itself.
    public var maximumBodyBytes: Int
    /// `FORM_CACHE_TTL_MS`: how long a published form stays cached in memory before it is
    /// read again (a status change made by another process shows after at most this).
    /// Default 1000.
    public var cacheMilliseconds: Int
    /// `FORM_VIEW_FLUSH_MS`: how often buffered page views are written to the database;
    /// at most this much of views is lost if the process dies. Default 1000.
    public var viewFlushMilliseconds: Int
    /// `FORM_SUBMISSION_WRITERS`: threads storing submissions, each committing a batch at a
    /// time (group commit). Default 2.
    public var submissionWriters: Int
    /// `FORM_VALIDATION_BUDGET_MS`: the time all pattern checks of one submission may take
    /// together; an answer still unchecked then is refused with a message. Default 100.
    public var validationBudgetMilliseconds: Int
    /// `FORM_VIEW_DEDUPE_SECONDS`: a page view from an address that viewed the same form
    /// this recently is not counted again (in memory, per process); 0 counts every view.
    /// Default 300.
    public var viewDedupeSeconds: Int

    public init(environment: [String: String]) throws {
        rateLimitPerMinute = try AppConfiguration.integer(environment, "FORM_RATE_LIMIT", default: 10, range: 0...1_000_000)
        duplicateWindowSeconds = try AppConfiguration.integer(
            environment, "FORM_DUPLICATE_WINDOW_SECONDS", default: 600, range: 0...86_400)
        maximumBodyBytes = try AppConfiguration.integer(
            environment, "FORM_MAX_BODY_BYTES", default: 65_536, range: 1024...(16 << 20))
        cacheMilliseconds = try AppConfiguration.integer(environment, "FORM_CACHE_TTL_MS", default: 1000, range: 0...600_000)
        viewFlushMilliseconds = try AppConfiguration.integer(
            environment, "FORM_VIEW_FLUSH_MS", default: 1000, range: 10...600_000)
        submissionWriters = try AppConfiguration.integer(environment, "FORM_SUBMISSION_WRITERS", default: 2, range: 1...64)
        validationBudgetMilliseconds = try AppConfiguration.integer(
            environment, "FORM_VALIDATION_BUDGET_MS", default: 100, range: 1...10_000)
        viewDedupeSeconds = try AppConfiguration.integer(environment, "FORM_VIEW_DEDUPE_SECONDS", default: 300, range: 0...86_400)
    }

    /// The body limit the server enforces for the submit route (a plain 413 past it).
    var serverBodyLimit: Int { maximumBodyBytes * 4 }
}
