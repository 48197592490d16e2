import Dispatch
import Foundation
import Glibc
import Synchronization

/// A fixed set of threads running handlers, fed from a bounded queue. `submit` never
/// blocks: when the queue is full it returns false and the loop answers 503 at once.
///
/// Wake-ups are rationed: a sleeping worker is woken only when no awake worker is about
/// to look at the queue, and a worker that takes a job while more wait wakes the next
/// one. A burst still spreads over every worker, but a steady stream of quick requests
/// does not cost a thread wake-up (a futex call and a context switch) per request.
final class WorkerPool: Sendable {
    private struct State {
        var jobs = RingBuffer<RequestJob>()
        var stopped = false
        /// Workers blocked on `available`.
        var sleeping = 0
        /// Workers awake and about to check the queue (not running a job).
        var searching = 0
    }

    private enum Next {
        case job(RequestJob, wakeAnother: Bool)
        case sleep
        case stop
    }

    private let capacity: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()
    private let responder: any HTTPResponder

    init(workerCount: Int, capacity: Int, responder: any HTTPResponder) {
        self.capacity = capacity
        self.responder = responder
        state.withLock { $0.searching = workerCount }
        for index in 0..<workerCount {
            finished.enter()
            let thread = Thread { [self] in
                self.work()
                self.finished.leave()
            }
            thread.name = "http-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a job; false when the queue is full or the pool is stopping.
    func submit(_ job: RequestJob) -> Bool {
        let (accepted, wake) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopped, state.jobs.count < capacity else { return (false, false) }
            state.jobs.append(job)
            guard state.searching == 0, state.sleeping > 0 else { return (true, false) }
            state.sleeping -= 1
            state.searching += 1
            return (true, true)
        }
        if wake { available.signal() }
        return accepted
    }

    /// Lets running jobs finish, drops queued ones (deleting their spool files) and waits
    /// up to `timeout` for the threads to end.
    func stop(workerCount: Int, timeout: Duration) {
        let dropped = state.withLock { state in
            state.stopped = true
            state.sleeping = 0
            var dropped: [RequestJob] = []
            while let job = state.jobs.popFirst() { dropped.append(job) }
            return dropped
        }
        for job in dropped {
            if let path = job.spoolPath { unlink(path) }
        }
        for _ in 0..<workerCount { available.signal() }
        _ = finished.wait(timeout: .now() + .nanoseconds(Int(clamping: timeout.nanoseconds)))
    }

    private func work() {
        var context = WorkerContext()
        // Whether `searching` counts this worker now (true at start and after a wake-up).
        var counted = true
        while true {
            let next: Next = state.withLock { state in
                if counted { state.searching -= 1 }
                if state.stopped { return .stop }
                guard let job = state.jobs.popFirst() else {
                    state.sleeping += 1
                    return .sleep
                }
                let wakeAnother = !state.jobs.isEmpty && state.searching == 0 && state.sleeping > 0
                if wakeAnother {
                    state.sleeping -= 1
                    state.searching += 1
                }
                return .job(job, wakeAnother: wakeAnother)
            }
            switch next {
            case .job(let job, let wakeAnother):
                if wakeAnother { available.signal() }
                job.run(responder: responder, context: &context)
                // Not counted as searching until the next look at the queue: a job queued
                // meanwhile may wake a sleeper needlessly, which is harmless.
                counted = false
            case .sleep:
                // Whoever signals has already counted this worker as searching again.
                available.wait()
                counted = true
            case .stop:
                return
            }
        }
    }
}
