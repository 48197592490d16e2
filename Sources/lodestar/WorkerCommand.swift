import Dispatch
import Foundation
import Lodestar
import Postgres
import Web

/// `lodestar worker`: runs the background jobs (Procfile `worker`) until SIGTERM or SIGINT.
struct WorkerCommand: Command {
    let name = "worker"
    let summary = "Run background jobs until SIGTERM or SIGINT"
    let usage = """
    Usage: lodestar worker

    Runs queued jobs (imports, sends, exports, ...) on WORKER_CONCURRENCY handler threads
    (default 2 per core), woken by LISTEN/NOTIFY, and the periodic jobs: the campaign
    schedule every minute (a scheduled campaign becomes active on its start date when its
    form is published; an active or paused campaign is completed the day after its end
    date), expired sessions and old sign-in attempts purged hourly, finished jobs older
    than JOBS_RETENTION_DAYS purged daily. Any number of workers may run against one
    database; each periodic slot runs once.

    SIGTERM or SIGINT: no new job starts; running jobs get WORKER_SHUTDOWN_SECONDS to
    finish, then go back to the queue for another worker. A worker killed outright loses
    nothing either: its jobs run again once their lease (WORKER_LEASE_SECONDS) runs out.
    `lodestar serve` runs a worker itself with LODESTAR_ENV=development.

    Refuses to start when the database schema is not up to date (run `lodestar migrate`).

    Settings (environment): WORKER_*, JOBS_RETENTION_DAYS, DATABASE_URL and DATABASE_*,
    LODESTAR_ENV; see README.md.
    """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        try arguments.finish()
        let log = LogWriter.standardError
        let app: App
        do {
            let configuration = try AppConfiguration(environment: environment)
            for migration in try DatabaseStartup.prepare(configuration) {
                log.write("applied migration \(migration.fileName)")
            }
            app = try App(configuration: configuration, log: log)
            try app.prepareDatabase()
        } catch let error as ConfigurationError {
            throw CommandError(error.description)
        } catch let error as DatabaseStartup.NotReady {
            throw CommandError(error.description, status: 1)
        } catch let error as PostgresError {
            throw CommandError("cannot prepare the database: \(error.description)", status: 1)
        }
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        app.startBackgroundJobs()
        log.write("worker running with \(app.configuration.worker.concurrency) handler threads")
        stop.wait()
        app.stop()
        sources.forEach { $0.cancel() }
        log.write("stopped")
        return 0
    }
}
