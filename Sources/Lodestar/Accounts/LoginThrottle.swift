import Foundation
import Postgres
import Security

/// Limits failed sign-ins per account (email) and per IP address, with attempts kept in
/// PostgreSQL so every web process sees the same counts. Past `limit` failures within the
/// window, sign-in is refused until the last failure plus a delay that doubles with each
/// further failure (capped at the window); the refusal applies to right and wrong
/// passwords alike. A success resets the account's count.
struct LoginThrottle: Sendable {
    let pool: ConnectionPool
    let settings: AccessSettings

    /// The key attempts are stored under: SHA-256 of the trimmed, lowercased email.
    static func emailKey(_ email: String) -> String {
        SHA256.hash(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()).hex
    }

    /// Whole seconds until sign-in may be tried again for this email or address, or nil.
    func retryAfter(email: String, ipAddress: String, now: Date = Date()) throws -> Int? {
        let since = now.addingTimeInterval(-Double(settings.windowMinutes * 60))
        let key = Self.emailKey(email)
        // Failures since the account's last success, and all failures from the address.
        let rows = try pool.query(
            """
            SELECT
              (SELECT count(*) FROM login_attempts a WHERE a.email_hash = \(key) AND NOT a.succeeded
                 AND a.attempted_at > greatest(\(since), coalesce((SELECT max(s.attempted_at) FROM login_attempts s
                      WHERE s.email_hash = \(key) AND s.succeeded), \(since)))),
              (SELECT max(attempted_at) FROM login_attempts WHERE email_hash = \(key) AND NOT succeeded),
              (SELECT count(*) FROM login_attempts WHERE ip_address = \(ipAddress) AND NOT succeeded AND attempted_at > \(since)),
              (SELECT max(attempted_at) FROM login_attempts WHERE ip_address = \(ipAddress) AND NOT succeeded)
            """)
        let (accountFailures, accountLast, ipFailures, ipLast) = try rows[0].decode(Int64.self, Date?.self, Int64.self, Date?.self)
        let waits = [
            wait(failures: Int(accountFailures), limit: settings.maxFailuresPerAccount, last: accountLast, now: now),
            wait(failures: Int(ipFailures), limit: settings.maxFailuresPerIP, last: ipLast, now: now),
        ].compactMap { $0 }
        return waits.max()
    }

    func record(email: String, ipAddress: String, succeeded: Bool) throws {
        try pool.execute(
            """
            INSERT INTO login_attempts (email_hash, ip_address, succeeded)
            VALUES (\(Self.emailKey(email)), \(ipAddress), \(succeeded))
            """)
    }

    private func wait(failures: Int, limit: Int, last: Date?, now: Date) -> Int? {
        guard failures >= limit, let last else { return nil }
        let doublings = min(failures - limit, 20)
        let delay = min(Double(settings.lockoutSeconds) * pow(2, Double(doublings)), Double(settings.windowMinutes * 60))
        let remaining = last.addingTimeInterval(delay).timeIntervalSince(now)
        return remaining > 0 ? Int(remaining.rounded(.up)) : nil
    }
}
