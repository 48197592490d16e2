import Foundation
import Postgres
import Security

/// Limits failed sign-ins so that guessing passwords online gets nowhere, without letting
/// anyone lock an owner out of their account. Attempts are kept in PostgreSQL (the email
/// only as a SHA-256) so every web process sees the same counts. Three limits, each
/// refusing right and wrong passwords alike:
/// - **account from one address** (`LOGIN_MAX_FAILURES_PER_ACCOUNT` failures within the
///   window): that address waits before trying that account again, a wait that doubles
///   with each further failure up to the window; a success from there starts it over.
///   Other addresses are not affected, so one attacker cannot lock the owner out.
/// - **address** (`LOGIN_MAX_FAILURES_PER_IP` within the window, whatever the accounts),
///   with the same growing wait: one address trying many accounts.
/// - **account from everywhere** (`LOGIN_MAX_ACCOUNT_FAILURES_PER_HOUR`): a rate that stops
///   guessing spread over many addresses. Addresses the account signed in from within
///   `knownAddressDays` are exempt, so the owner still gets in from where they usually do.
///
/// IPv6 addresses count by /64 (`AddressKey`). Only password checks ask: Google sign-in is
/// never blocked by password failures.
///
/// Concurrent attempts cannot race past a limit: `begin` checks the counts and records
/// the attempt as a failure in one transaction holding advisory locks on the account and
/// the address, before the (slow) password check; `succeeded` turns it into a success.
struct LoginThrottle: Sendable {
    let pool: ConnectionPool
    let settings: AccessSettings

    /// How long a successful sign-in makes its address known to the account.
    static let knownAddressDays = 30

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
                INSERT INTO login_attempts (email_hash, ip_address, succeeded, attempted_at)
                VALUES (\(key), \(address), false, \(now)) RETURNING id
                """).single(Int64.self)
            return .admitted(attemptID: id)
        }
    }

    /// Marks an attempt `begin` admitted as a success (the right password).
    func succeeded(attemptID: Int64) throws {
        try pool.execute("UPDATE login_attempts SET succeeded = true, attempted_at = now() WHERE id = \(attemptID)")
    }

    /// Deletes attempts no limit reads any more: failures past both windows, successes
    /// once they no longer make an address known.
    func purge() throws {
        let failureMinutes = max(settings.windowMinutes, 60) * 2
        try pool.execute(
            """
            DELETE FROM login_attempts
            WHERE (NOT succeeded AND attempted_at < now() - \(failureMinutes) * interval '1 minute')
               OR attempted_at < now() - \(Self.knownAddressDays + 1) * interval '1 day'
            """)
    }

    /// `pg_advisory_xact_lock(class, hash)` classes, so the two kinds of key never collide.
    private static let accountLockClass: Int32 = 0x4C53_5401
    private static let addressLockClass: Int32 = 0x4C53_5402

    private func retryAfter(key: String, address: String, now: Date, _ transaction: Transaction) throws -> Int? {
        let since = now.addingTimeInterval(-Double(settings.windowMinutes * 60))
        let hourAgo = now.addingTimeInterval(-3600)
        let known = now.addingTimeInterval(-Double(Self.knownAddressDays * 86_400))
        let hourlyLimit = settings.maxAccountFailuresPerHour
        let rows = try transaction.query(
            """
            SELECT
              (SELECT count(*) FROM login_attempts a WHERE a.email_hash = \(key) AND a.ip_address = \(address) AND NOT a.succeeded
                 AND a.attempted_at > greatest(\(since), coalesce((SELECT max(s.attempted_at) FROM login_attempts s
                      WHERE s.email_hash = \(key) AND s.ip_address = \(address) AND s.succeeded), \(since)))),
              (SELECT max(attempted_at) FROM login_attempts WHERE email_hash = \(key) AND ip_address = \(address) AND NOT succeeded),
              (SELECT count(*) FROM login_attempts WHERE ip_address = \(address) AND NOT succeeded AND attempted_at > \(since)),
              (SELECT max(attempted_at) FROM login_attempts WHERE ip_address = \(address) AND NOT succeeded),
              (SELECT attempted_at FROM login_attempts WHERE email_hash = \(key) AND NOT succeeded AND attempted_at > \(hourAgo)
                 ORDER BY attempted_at DESC OFFSET \(hourlyLimit - 1) LIMIT 1),
              EXISTS (SELECT 1 FROM login_attempts WHERE email_hash = \(key) AND ip_address = \(address) AND succeeded
                 AND attempted_at > \(known))
            """)
        let (pairFailures, pairLast, addressFailures, addressLast, hourlyLimitReachedAt, isKnownAddress) = try rows[0].decode(
            Int64.self, Date?.self, Int64.self, Date?.self, Date?.self, Bool.self)
        var waits = [
            growingWait(failures: Int(pairFailures), limit: settings.maxFailuresPerAccount, last: pairLast, now: now),
            growingWait(failures: Int(addressFailures), limit: settings.maxFailuresPerIP, last: addressLast, now: now),
        ]
        // The hour's limit-th newest failure leaves the hour at this time, and with it the
        // account drops below the limit.
        if let reachedAt = hourlyLimitReachedAt, !isKnownAddress {
            waits.append(Self.seconds(until: reachedAt.addingTimeInterval(3600), now: now))
        }
        return waits.compactMap { $0 }.max()
    }

    private func growingWait(failures: Int, limit: Int, last: Date?, now: Date) -> Int? {
        guard failures >= limit, let last else { return nil }
        let doublings = min(failures - limit, 20)
        let delay = min(Double(settings.lockoutSeconds) * pow(2, Double(doublings)), Double(settings.windowMinutes * 60))
        return Self.seconds(until: last.addingTimeInterval(delay), now: now)
    }

    private static func seconds(until end: Date, now: Date) -> Int? {
        let remaining = end.timeIntervalSince(now)
        return remaining > 0 ? Int(remaining.rounded(.up)) : nil
    }
}
