import Foundation
import Jobs
import Postgres
import Web

/// Everything `lodestar worker` runs: the handlers of every job kind the application
/// knows, the periodic schedule (campaign schedule, housekeeping) and the worker that
/// runs them in this process, each handler in a tenant transaction for its organization.
struct BackgroundJobs: Sendable {
    /// Does nothing; for the benchmark and for checking that a worker runs jobs.
    static let noopKind = "jobs.noop"

    let worker: JobWorker

    /// - Parameters:
    ///   - pool: the worker's connections (its own pool, so that jobs and requests in one
    ///     process do not wait for each other).
    ///   - extra: further handlers (tests).
    init(
        settings: WorkerSettings, pool: ConnectionPool, accounts: AccountService, log: LogWriter,
        landingChanged: @escaping @Sendable () -> Void, extra: (inout JobHandlers) -> Void = { _ in }
    ) {
        let database = Database(pool: pool)
        var handlers = JobHandlers()
        handlers.register(Self.noopKind) { _ in }
        CampaignScheduleJob.register(in: &handlers, database: database, log: log) { _ in landingChanged() }
        Housekeeping.register(in: &handlers, accounts: accounts, retentionDays: settings.retentionDays, log: log)
        extra(&handlers)
        worker = JobWorker(
            pool: pool, handlers: handlers, configuration: settings.configuration,
            schedule: [CampaignScheduleJob.periodic] + Housekeeping.schedule,
            scope: { transaction, organizationID in try transaction.scope(organizationID: organizationID) },
            log: { log.write($0) })
    }

    /// The pool a worker needs: a connection per handler, plus the dispatcher, the writer,
    /// the scheduler and progress reports.
    static func pool(settings: WorkerSettings, database: DatabaseSettings) -> ConnectionPool {
        var configuration = database.pool
        configuration.size = settings.concurrency + 4
        return ConnectionPool(configuration: database.connection, poolConfiguration: configuration)
    }

    func start() { worker.start() }

    func stop() { worker.stop() }
}
