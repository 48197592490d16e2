import Foundation
import Postgres

/// A job this worker claimed: what the handler needs, and the attempt number that
/// identifies this run in every later write.
struct ClaimedJob: Sendable, RowDecodable {
    let id: Int64
    let kind: String
    let payload: String
    let organizationID: Int64?
    let attempt: Int
    let maxAttempts: Int
    let requestedBy: Int64?

    init(row: Row) throws {
        (id, kind, payload, organizationID, attempt, maxAttempts, requestedBy) = try row.decode(
            Int64.self, String.self, String.self, Int64?.self, Int.self, Int.self, Int64?.self)
    }
}

/// How an attempt ended, written back in batches.
struct Outcome: Sendable {
    enum Result: String, Sendable {
        case succeeded
        /// Failed with attempts left: runs again after `delay`.
        case retrying
        case dead
        case cancelled
        /// Not finished at shutdown: back to the queue, the attempt not counted.
        case queued
    }

    let jobID: Int64
    let attempt: Int
    let result: Result
    var error: String? = nil
    var delay: Duration = .zero

    /// Errors are kept short enough for the column (2000 characters).
    static func message(_ text: String) -> String {
        text.count <= 2000 ? text : String(text.prefix(1997)) + "..."
    }
}
