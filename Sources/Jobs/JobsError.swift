/// An error of the jobs library that a caller or an operator acts on: a job that does not
/// exist, an operation its status does not allow, a job that cannot be enqueued.
public struct JobsError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        case notFound
        case notAllowed
        case invalidJob
        case duplicate
        case unexpected
    }

    let reason: Reason
    /// A sentence for a person.
    public let description: String

    init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }

    /// No job with that id (or none the caller may see).
    public var isNotFound: Bool { reason == .notFound }
    /// The job's status does not allow the operation (retrying a running job, ...).
    public var isNotAllowed: Bool { reason == .notAllowed }
    /// The job to enqueue is malformed (an empty kind, a payload that is not JSON, ...).
    public var isInvalidJob: Bool { reason == .invalidJob }
    /// Another pending job has the same unique key.
    public var isDuplicate: Bool { reason == .duplicate }

    public static func notFound(_ id: Int64) -> JobsError {
        JobsError(.notFound, "There is no job \(id).")
    }
}
