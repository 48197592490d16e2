import Foundation
import Jobs
import Web

/// Periodic clean-up that belongs to no request: expired sessions and sign-in attempts
/// too old to count (hourly), and finished jobs past their retention (daily).
enum Housekeeping {
    static let purgeSignInsKind = "accounts.purge-expired"
    static let purgeJobsKind = "jobs.purge-finished"

    static let schedule = [
        PeriodicJob(name: purgeSignInsKind, kind: purgeSignInsKind, schedule: .hourly(minute: 7)),
        PeriodicJob(name: purgeJobsKind, kind: purgeJobsKind, schedule: .daily(hour: 3, minute: 17)),
    ]

    static func register(in handlers: inout JobHandlers, accounts: AccountService, retentionDays: Int, log: LogWriter) {
        handlers.register(purgeSignInsKind) { _ in
            try accounts.purgeExpired()
        }
        handlers.register(purgeJobsKind) { job in
            let purged = try JobQueue.purgeFinished(olderThan: .seconds(retentionDays * 86_400), pool: job.pool)
            if purged > 0 { log.write("jobs: deleted \(purged) job(s) finished more than \(retentionDays) days ago") }
        }
    }
}
