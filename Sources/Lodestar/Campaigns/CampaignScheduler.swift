import Dispatch
import Foundation
import Postgres
import Synchronization
import Web

/// Runs `CampaignSchedule.advance` every `interval` on a thread of its own (the job of
/// `lodestar worker`, and of `serve` in development). Several schedulers against one
/// database are safe: each step locks its campaign row and skips rows another holds.
final class CampaignScheduler: Sendable {
    private let database: Database
    private let interval: Duration
    private let log: LogWriter
    /// Called with the steps of a run that changed something (refreshes landing caches).
    private let changed: @Sendable ([CampaignSchedule.Step]) -> Void
    /// The day the schedule checks against (UTC today; tests pass a fixed calendar).
    private let today: @Sendable () -> CalendarDate
    private let wake = DispatchSemaphore(value: 0)
    private let running = Mutex<(started: Bool, stopped: Bool)>((false, false))
    private let finished = DispatchSemaphore(value: 0)

    init(
        database: Database, interval: Duration = .seconds(60), log: LogWriter,
        today: @escaping @Sendable () -> CalendarDate = CampaignSchedule.today,
        changed: @escaping @Sendable ([CampaignSchedule.Step]) -> Void = { _ in }
    ) {
        self.database = database
        self.today = today
        self.interval = interval
        self.log = log
        self.changed = changed
    }

    /// Runs once now, then every interval, until `stop()`. Starting twice does nothing.
    func start() {
        let start = running.withLock { state -> Bool in
            guard !state.started, !state.stopped else { return false }
            state.started = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in
            defer { finished.signal() }
            while !running.withLock({ $0.stopped }) {
                runOnce()
                _ = wake.wait(timeout: .now() + .milliseconds(Self.milliseconds(interval)))
            }
        }
        thread.name = "campaign-scheduler"
        thread.start()
    }

    /// Lets a run in progress finish, then ends the thread.
    func stop() {
        let wasStarted = running.withLock { state -> Bool in
            state.stopped = true
            return state.started
        }
        guard wasStarted else { return }
        wake.signal()
        finished.wait()
    }

    /// One pass over every organization; errors are logged and tried again next time.
    @discardableResult
    func runOnce() -> [CampaignSchedule.Step] {
        do {
            let steps = try CampaignSchedule.advance(database, today: today())
            for step in steps {
                log.write("campaign \(step.campaignID) of organization \(step.organizationID): \(step.from.rawValue) -> \(step.to.rawValue) (schedule)")
            }
            if !steps.isEmpty { changed(steps) }
            return steps
        } catch {
            log.write("campaign schedule: failed, will try again: \(error)")
            return []
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(clamping: seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
