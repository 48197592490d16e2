import Foundation
import Jobs

/// `lodestar worker`'s settings (`WORKER_*`, `JOBS_*`), read once from the environment.
public struct WorkerSettings: Sendable {
    /// `WORKER_CONCURRENCY`: handler threads, i.e. jobs running at once per worker process.
    /// Default 2 per core.
    public var concurrency: Int
    /// `WORKER_LEASE_SECONDS`: a job whose worker stops renewing its lease this long runs
    /// again elsewhere (the heartbeat renews it every third of it). Default 30.
    public var leaseSeconds: Int
    /// `WORKER_POLL_SECONDS`: how often an idle worker looks for due jobs when no
    /// notification arrives (a fallback). Default 5.
    public var pollSeconds: Int
    /// `WORKER_SHUTDOWN_SECONDS`: after SIGTERM, how long running jobs get to finish before
    /// they are handed back to the queue. Default 25.
    public var shutdownSeconds: Int
    /// `JOBS_RETENTION_DAYS`: finished jobs (succeeded, dead, cancelled) are deleted this
    /// many days after they finished. Default 14.
    public var retentionDays: Int

    public init(environment: [String: String]) throws {
        concurrency = try AppConfiguration.integer(
            environment, "WORKER_CONCURRENCY", default: 2 * ProcessInfo.processInfo.activeProcessorCount, range: 1...512)
        leaseSeconds = try AppConfiguration.integer(environment, "WORKER_LEASE_SECONDS", default: 30, range: 1...86_400)
        pollSeconds = try AppConfiguration.integer(environment, "WORKER_POLL_SECONDS", default: 5, range: 1...3600)
        shutdownSeconds = try AppConfiguration.integer(environment, "WORKER_SHUTDOWN_SECONDS", default: 25, range: 0...3600)
        retentionDays = try AppConfiguration.integer(environment, "JOBS_RETENTION_DAYS", default: 14, range: 1...3650)
    }

    /// The library's configuration from these settings.
    public var configuration: WorkerConfiguration {
        WorkerConfiguration(
            concurrency: concurrency, lease: .seconds(leaseSeconds), pollInterval: .seconds(pollSeconds),
            shutdownDeadline: .seconds(shutdownSeconds))
    }
}
