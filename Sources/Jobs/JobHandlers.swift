import Foundation
import Postgres

/// The handlers a worker runs, by job kind. Each decodes its payload into its own type
/// and gets a `JobContext` for tenant transactions and progress.
///
/// ```swift
/// var handlers = JobHandlers()
/// handlers.register("contacts.import", payload: ImportRequest.self) { request, job in
///     for batch in ... {
///         try job.transaction { transaction in ... }          // short, tenant-scoped
///         try job.progress(done: n, total: total, message: "Importing")
///     }
/// }
/// ```
public struct JobHandlers: Sendable {
    struct Entry: Sendable {
        let retry: RetryPolicy
        /// Decodes the payload (throwing `UndecodablePayload`) and runs the handler.
        let run: @Sendable (String, JobContext) throws -> Void
    }

    private(set) var entries: [String: Entry] = [:]

    public init() {}

    /// Registers the handler of `kind`; a later registration of the same kind replaces it.
    /// A payload that does not decode as `Payload` makes the job dead at once (trying again
    /// cannot help); anything else the handler throws is retried with `retry`'s backoff
    /// until the job's attempts are used up, except `PermanentJobFailure` (dead at once) and
    /// `JobCancelled` (from `progress`, the job is cancelled).
    public mutating func register<Payload: Decodable & Sendable>(
        _ kind: String, payload: Payload.Type, retry: RetryPolicy = .standard,
        _ handler: @escaping @Sendable (Payload, JobContext) throws -> Void
    ) {
        entries[kind] = Entry(retry: retry) { text, context in
            let payload: Payload
            do {
                payload = try JSONDecoder().decode(Payload.self, from: Data(text.utf8))
            } catch {
                throw UndecodablePayload(kind: kind, type: String(describing: Payload.self), reason: describe(error))
            }
            try handler(payload, context)
        }
    }

    /// Registers the handler of a `kind` whose jobs carry no payload (any payload is ignored).
    public mutating func register(
        _ kind: String, retry: RetryPolicy = .standard, _ handler: @escaping @Sendable (JobContext) throws -> Void
    ) {
        entries[kind] = Entry(retry: retry) { _, context in try handler(context) }
    }

    /// The registered kinds, sorted.
    public var kinds: [String] { entries.keys.sorted() }

    func entry(for kind: String) -> Entry? { entries[kind] }
}

/// An error after which trying again cannot help: the job is dead at once with this message.
public struct PermanentJobFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Thrown by `JobContext.progress` when someone cancelled the job: let it propagate, and
/// the job ends `cancelled`.
public struct JobCancelled: Error, CustomStringConvertible, Sendable {
    public let jobID: Int64
    public var description: String { "job \(jobID) was cancelled" }
}

/// Thrown by `JobContext.progress` when this worker no longer holds the job (its lease ran
/// out and another worker took it, or an operator changed it): stop without writing more.
public struct JobLost: Error, CustomStringConvertible, Sendable {
    public let jobID: Int64
    public var description: String { "this worker no longer holds job \(jobID)" }
}

struct UndecodablePayload: Error, CustomStringConvertible {
    let kind: String
    let type: String
    let reason: String
    var description: String { "the payload of this \(kind) job does not decode as \(type): \(reason)" }
}

/// A short account of a decoding error (the default description of `DecodingError` is long).
func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return String(describing: error) }
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "\"\(key.stringValue)\" is missing at \(path(context))"
    case .typeMismatch(let type, let context):
        return "\(path(context)) is not \(type)"
    case .valueNotFound(let type, let context):
        return "\(path(context)) is null, expected \(type)"
    case .dataCorrupted(let context):
        return "\(path(context)): \(context.debugDescription)"
    @unknown default:
        return String(describing: error)
    }
}
