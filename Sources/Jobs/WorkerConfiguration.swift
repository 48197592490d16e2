import Foundation

/// How a `JobWorker` behaves. Every setting has a default; the application fills them from
/// `WORKER_*` variables.
public struct WorkerConfiguration: Sendable, Equatable {
    /// Handler threads, i.e. jobs running at once in this worker (default: 2 per core).
    public var concurrency: Int
    /// How long a claimed job stays this worker's without a heartbeat; a worker that dies
    /// loses its jobs to others this long after its last heartbeat (default 30 s). The
    /// heartbeat runs every third of it.
    public var lease: Duration
    /// How often the worker looks for due jobs when no notification arrives (default 5 s):
    /// a fallback, since enqueues and retries notify.
    public var pollInterval: Duration
    /// At shutdown, how long running jobs get to finish before they are handed back to the
    /// queue (default 25 s, under the usual 30 s before a SIGKILL).
    public var shutdownDeadline: Duration
    /// The most jobs claimed in one statement (and written back in one) (default 1000).
    public var maximumBatch: Int
    /// Progress reports closer together than this are kept in memory, not written (default 200 ms).
    public var progressInterval: Duration
    /// This worker's name in `jobs.locked_by`: host, process id and a random suffix.
    public var name: String

    public init(
        concurrency: Int = 2 * ProcessInfo.processInfo.activeProcessorCount, lease: Duration = .seconds(30),
        pollInterval: Duration = .seconds(5), shutdownDeadline: Duration = .seconds(25), maximumBatch: Int = 1000,
        progressInterval: Duration = .milliseconds(200), name: String? = nil
    ) {
        self.concurrency = max(1, concurrency)
        self.lease = max(lease, .milliseconds(300))
        self.pollInterval = max(pollInterval, .milliseconds(10))
        self.shutdownDeadline = max(shutdownDeadline, .zero)
        self.maximumBatch = max(1, maximumBatch)
        self.progressInterval = max(progressInterval, .zero)
        self.name = name ?? Self.defaultName()
    }

    static func defaultName() -> String {
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "\(host):\(getpid()):\(suffix)"
    }
}

extension Duration {
    /// Seconds as a floating-point number.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// Whole milliseconds (at least 0, at most a day's worth of years).
    var milliseconds: Int {
        Int(min(max(seconds * 1000, 0), 1e15).rounded())
    }
}
