import Foundation
import Jobs
import Postgres
import Web

/// The campaign schedule as a periodic job: every minute a `campaigns.schedule` job moves
/// the campaigns whose dates came (`CampaignSchedule.advance`), in whichever worker claims
/// it; its slot's unique key makes sure one worker runs each minute.
enum CampaignScheduleJob {
    static let kind = "campaigns.schedule"
    static let periodic = PeriodicJob(name: kind, kind: kind, schedule: .everyMinute)

    /// Registers the handler. `changed` is called with the steps of a run that moved
    /// something (to refresh this process's landing-page cache).
    static func register(
        in handlers: inout JobHandlers, database: Database, log: LogWriter,
        today: @escaping @Sendable () -> CalendarDate = CampaignSchedule.today,
        changed: @escaping @Sendable ([CampaignSchedule.Step]) -> Void
    ) {
        handlers.register(kind) { _ in
            let steps = try run(database: database, today: today(), log: log)
            if !steps.isEmpty { changed(steps) }
        }
    }

    /// One pass over every organization; each step is logged.
    @discardableResult
    static func run(database: Database, today: CalendarDate, log: LogWriter) throws -> [CampaignSchedule.Step] {
        let steps = try CampaignSchedule.advance(database, today: today)
        for step in steps {
            log.write("campaign \(step.campaignID) of organization \(step.organizationID): \(step.from.rawValue) -> \(step.to.rawValue) (schedule)")
        }
        return steps
    }
}
