import Foundation
import Lodestar
import Postgres

/// `lodestar jobs`: what operators do with background jobs (the same operations as the
/// settings page), and the queue's benchmark.
struct JobsCommand: Command {
    let name = "jobs"
    let summary = "List, retry and cancel background jobs"
    let usage = """
    Usage: lodestar jobs list [--org NAME] [--status S] [--limit N]
           lodestar jobs retry ID
           lodestar jobs cancel ID
           lodestar jobs bench [--jobs N] [--workers N] [--latency-samples N]   (developers; bench/jobs.sh)

      list     the newest jobs (N, default 50) of every organization, or of --org NAME, with
               the status S when given: queued, running, succeeded, retrying, dead,
               cancelled (each job's status as stored), or failed (retrying or dead)
      retry    run a dead or cancelled job again from its first attempt, or a retrying job now
      cancel   cancel a queued or retrying job; a running job stops at its next progress report

    Retry and cancel are written to the audit log of the job's organization.
    Settings (environment): DATABASE_URL and DATABASE_*; see README.md.
    """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        guard let action = arguments.positionals.first else { throw CommandError("say list, retry, cancel or bench") }
        if action == "bench" { return try JobsBenchmark.run(&arguments, environment: environment) }
        let pool = try AdministrationPool.make(environment)
        defer { pool.close() }
        let administration = JobsAdministration(pool: pool)
        do {
            switch action {
            case "list":
                let organization = try arguments.option("org")
                let status = try arguments.option("status")
                let limit = try arguments.option("limit").map { text in
                    guard let number = Int(text), (1...10_000).contains(number) else {
                        throw CommandError("--limit must be a number from 1 to 10000, not '\(text)'")
                    }
                    return number
                } ?? 50
                try arguments.finish(maxPositionals: 1)
                let jobs = try administration.list(organizationName: organization, status: status, limit: limit)
                print(jobs.isEmpty ? "no jobs" : JobsAdministration.table(jobs))
            case "retry", "cancel":
                try arguments.finish(maxPositionals: 2)
                guard arguments.positionals.count == 2, let id = Int64(arguments.positionals[1]), id > 0 else {
                    throw CommandError("\(action) needs a job id (a number)")
                }
                print(action == "retry" ? try administration.retry(id: id) : try administration.cancel(id: id))
            default:
                throw CommandError("unknown action '\(action)'; use list, retry, cancel or bench")
            }
        } catch let error as AdministrationError {
            throw CommandError(error.description, status: 1)
        }
        return 0
    }
}
