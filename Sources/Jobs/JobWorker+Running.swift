import Dispatch
import Foundation
import Postgres

extension JobWorker {
    /// A handler thread: takes claimed jobs one at a time until shutdown.
    func handlerLoop() {
        while true {
            jobsReady.wait()
            let next: ClaimedJob? = state.withLock { state in
                guard state.phase == .running, let job = state.queue.popFirst() else { return nil }
                state.running[job.id] = job.attempt
                return job
            }
            guard let job = next else {
                if state.withLock({ $0.phase != .running }) { return }
                continue
            }
            let started = ContinuousClock.now
            let outcome = run(job)
            let elapsed = (ContinuousClock.now - started).seconds
            let (wakeWriter, wakeDispatcher) = state.withLock { state -> (Bool, Bool) in
                state.outstanding -= 1
                state.averageDuration = state.averageDuration * 0.8 + elapsed * 0.2
                // Abandoned at the shutdown deadline: handed back already, so no outcome.
                guard state.running.removeValue(forKey: job.id) != nil else { return (false, false) }
                if let outcome { state.outcomes.append(outcome) }
                let wakeWriter = !state.writerSignalled
                state.writerSignalled = true
                let wakeDispatcher = state.wakeDispatcherBelow.map { state.outstanding < $0 } ?? false
                if wakeDispatcher { state.wakeDispatcherBelow = nil }
                return (wakeWriter, wakeDispatcher)
            }
            if outcome == nil { leases.remove([job.id]) }
            if wakeWriter { writerWake.signal() }
            if wakeDispatcher { dispatcherWake.signal() }
        }
    }

    /// Runs one attempt and says how it ended; nil when the job is no longer this
    /// worker's (nothing to write).
    func run(_ job: ClaimedJob) -> Outcome? {
        func dead(_ message: String) -> Outcome {
            Outcome(jobID: job.id, attempt: job.attempt, result: .dead, error: Outcome.message(message))
        }
        guard let entry = handlers.entry(for: job.kind) else {
            let known = handlers.kinds.joined(separator: ", ")
            return dead("no handler is registered for the job kind '\(job.kind)' (this worker knows: \(known.isEmpty ? "none" : known))")
        }
        let context = JobContext(
            job: job, pool: pool, worker: configuration.name, configuration: configuration, scope: scope, leases: leases, log: log)
        do {
            try entry.run(job.payload, context)
            return Outcome(jobID: job.id, attempt: job.attempt, result: .succeeded)
        } catch let error as UndecodablePayload {
            return dead(error.description)
        } catch let error as PermanentJobFailure {
            return dead(error.description)
        } catch is JobCancelled {
            return Outcome(jobID: job.id, attempt: job.attempt, result: .cancelled, error: "cancelled while running")
        } catch is JobLost {
            return nil
        } catch {
            let message = Outcome.message(describe(error))
            guard job.attempt < job.maxAttempts else {
                log("job \(job.id) (\(job.kind)) failed on its last attempt (\(job.attempt) of \(job.maxAttempts)) and is dead: \(message)")
                return dead(message)
            }
            let delay = entry.retry.delay(afterAttempt: job.attempt)
            return Outcome(jobID: job.id, attempt: job.attempt, result: .retrying, error: message, delay: delay)
        }
    }
}
