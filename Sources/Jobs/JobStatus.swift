/// Where a job is in its life, as stored in `jobs.status`:
/// `queued -> running -> succeeded`, or after a failed attempt `retrying` (run again later)
/// until its attempts are used up, then `dead`; `cancelled` when someone cancelled it.
public enum JobStatus: String, Sendable, CaseIterable, Codable {
    case queued, running, succeeded, retrying, dead, cancelled

    /// Waiting to run or running: a job with the same unique key cannot be enqueued meanwhile.
    public var isPending: Bool {
        switch self {
        case .queued, .running, .retrying: true
        case .succeeded, .dead, .cancelled: false
        }
    }

    /// Nothing more will happen to the job unless someone retries it.
    public var isFinished: Bool { !isPending }

    /// The statuses a filter word stands for: a stored status, or `failed` for jobs whose
    /// last attempt failed (`retrying` and `dead`).
    public static func matching(_ word: String) -> [JobStatus]? {
        if word == "failed" { return [.retrying, .dead] }
        return JobStatus(rawValue: word).map { [$0] }
    }
}
