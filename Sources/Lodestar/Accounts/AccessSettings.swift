/// Sessions and sign-in throttling, from the environment (see README "Accounts and access").
public struct AccessSettings: Sendable {
    /// `SESSION_IDLE_MINUTES` (default 120): a session unused this long ends.
    public var sessionIdleMinutes: Int
    /// `SESSION_ABSOLUTE_HOURS` (default 24): a session ends this long after sign-in.
    public var sessionAbsoluteHours: Int
    /// `LOGIN_MAX_FAILURES_PER_ACCOUNT` (default 5) failed sign-ins for one email from one
    /// address within the window before that address waits a while (`LoginThrottle`).
    public var maxFailuresPerAccount: Int
    /// `LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR` (default 100) failed sign-ins for one email from
    /// all addresses together within an hour before addresses it did not sign in from lately wait.
    public var maxAccountFailuresPerHour: Int
    /// `LOGIN_MAX_FAILURES_PER_IP` (default 20) failed sign-ins from one address within the window.
    public var maxFailuresPerIP: Int
    /// `LOGIN_WINDOW_MINUTES` (default 15): how far back failures count.
    public var windowMinutes: Int
    /// `LOGIN_LOCKOUT_SECONDS` (default 60): the first lock; each further failure doubles
    /// it, up to the window.
    public var lockoutSeconds: Int
    /// Whether `GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET` are both set: the sign-in
    /// page shows the Google button only then.
    public var googleEnabled: Bool

    public init(environment: [String: String]) throws {
        sessionIdleMinutes = try AppConfiguration.integer(environment, "SESSION_IDLE_MINUTES", default: 120, range: 1...100_000)
        sessionAbsoluteHours = try AppConfiguration.integer(environment, "SESSION_ABSOLUTE_HOURS", default: 24, range: 1...10_000)
        maxFailuresPerAccount = try AppConfiguration.integer(environment, "LOGIN_MAX_FAILURES_PER_ACCOUNT", default: 5, range: 1...1000)
        maxAccountFailuresPerHour = try AppConfiguration.integer(
            environment, "LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR", default: 100, range: 1...100_000)
        maxFailuresPerIP = try AppConfiguration.integer(environment, "LOGIN_MAX_FAILURES_PER_IP", default: 20, range: 1...100_000)
        windowMinutes = try AppConfiguration.integer(environment, "LOGIN_WINDOW_MINUTES", default: 15, range: 1...10_000)
        lockoutSeconds = try AppConfiguration.integer(environment, "LOGIN_LOCKOUT_SECONDS", default: 60, range: 1...86_400)
        googleEnabled = !(environment["GOOGLE_CLIENT_ID"] ?? "").isEmpty && !(environment["GOOGLE_CLIENT_SECRET"] ?? "").isEmpty
    }
}
