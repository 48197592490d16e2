import Foundation
import Postgres
import Security

/// Limits failed sign-ins per account (email) and per IP address, with attempts kept in
/// PostgreSQL so every web process sees the same counts. Past `limit` failures within the
/// window, sign-in is refused until the last failure plus a delay that doubles with each
/// further failure (capped at the window); the refusal applies to right and wrong
/// passwords alike. A success resets the account's count. IPv6 addresses count by /64
/// (`AddressKey`).
///
/// Concurrent attempts cannot race past the limit: `begin` checks the counts and records
/// the attempt as a failure in one transaction holding advisory locks on the account and
/// the address, before the (slow) password check; `succeeded` turns it into a success.
struct LoginThrottle: Sendable {
    let pool: ConnectionPool
    let settings: AccessSettings

    /// The key attempts are stored under: SHA-256 of the trimmed, lowercased email.
    static func emailKey(_ email: String) -> String {
        SHA256.hash(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()).hex
    }

    /// What `begin` decided.
    enum Admission: Sendable, Equatable {
        /// Go ahead; the attempt is recorded (as a failure until `succeeded(attemptID:)`).
        case admitted(attemptID: Int64)
        /// Refused for this many more seconds.
        case throttled(retryAfter: Int)
    }

    /// Checks the limits and, when the attempt may go ahead, records it as a failure, all
    /// under locks on the account and the address so parallel attempts are counted one
    /// after the other.
    func begin(email: String, ipAddress: String, now: Date = Date()) throws -> Admission {
        let key = Self.emailKey(email)
        let address = AddressKey.throttleKey(ipAddress)
        return try pool.transaction { transaction in
            // Always the account first, then the address: a fixed order cannot deadlock.
            try transaction.query("SELECT pg_advisory_xact_lock(\(Self.accountLockClass), hashtext(\(key)))")
            try transaction.query("SELECT pg_advisory_xact_lock(\(Self.addressLockClass), hashtext(\(address)))")
            if let wait = try retryAfter(key: key, address: address, now: now, transaction) {
                return .throttled(retryAfter: wait)
            }
            let id = try transaction.query(
                """
                INSERT INTO login_attempts (email_hash, ip_address, succeeded)
                VALUES (\(key), \(address), false) RETURNING id
                """).single(Int64.self)
            return .admitted(attemptID: id)
        }
    }

    /// Marks an attempt `begin` admitted as a success (the right password).
    func succeeded(attemptID: Int64) throws {
        try pool.execute("UPDATE login_attempts SET succeeded = true, attempted_at = now() WHERE id = \(attemptID)")
    }

    /// `pg_advisory_xact_lock(class, hash)` classes, so the two kinds of key never collide.
    private static let accountLockClass: Int32 = 0x4C53_5401
    private static let addressLockClass: Int32 = 0x4C53_5402

    private func retryAfter(key: String, address: String, now: Date, _ transaction: Transaction) throws -> Int? {
        let since = now.addingTimeInterval(-Double(settings.windowMinutes * 60))
        // Failures since the account's last success, and all failures from the address.
        let rows = try transaction.query(
            """
            SELECT
              (SELECT count(*) FROM login_attempts a WHERE a.email_hash = \(key) AND NOT a.succeeded
                 AND a.attempted_at > greatest(\(since), coalesce((SELECT max(s.attempted_at) FROM login_attempts s
                      WHERE s.email_hash = \(key) AND s.succeeded), \(since)))),
              (SELECT max(attempted_at) FROM login_attempts WHERE email_hash = \(key) AND NOT succeeded),
              (SELECT count(*) FROM login_attempts WHERE ip_address = \(address) AND NOT succeeded AND attempted_at > \(since)),
              (SELECT max(attempted_at) FROM login_attempts WHERE ip_address = \(address) AND NOT succeeded)
            """)
        let (accountFailures, accountLast, ipFailures, ipLast) = try rows[0].decode(Int64.self, Date?.self, Int64.self, Date?.self)
        let waits = [
            wait(failures: Int(accountFailures), limit: settings.maxFailuresPerAccount, last: accountLast, now: now),
            wait(failures: Int(ipFailures), limit: settings.maxFailuresPerIP, last: ipLast, now: now),
        ].compactMap { $0 }
        return waits.max()
    }

    private func wait(failures: Int, limit: Int, last: Date?, now: Date) -> Int? {
        guard failures >= limit, let last else { return nil }
        let doublings = min(failures - limit, 20)
        let delay = min(Double(settings.lockoutSeconds) * pow(2, Double(doublings)), Double(settings.windowMinutes * 60))
        let remaining = last.addingTimeInterval(delay).timeIntervalSince(now)
        return remaining > 0 ? Int(remaining.rounded(.up)) : nil
    }
}
