import Foundation
import Postgres

/// A job to enqueue: what to run (`kind`, the name a handler is registered under) and with
/// what (`payload`, JSON), for which organization (nil for system jobs), by whom, when and
/// how often it may be tried.
public struct NewJob: Sendable {
    public var kind: String
    public var payload: JSONDocument
    /// The organization whose data the job touches; its handler runs in that tenant's
    /// transactions. Nil for system jobs.
    public var organizationID: Int64?
    /// Higher runs first among due jobs; default 0.
    public var priority: Int16
    /// Not before this time; nil = now.
    public var runAt: Date?
    /// Attempts before the job is dead; default 5.
    public var maxAttempts: Int
    /// The user who asked for it (shown on the jobs pages).
    public var requestedBy: Int64?
    /// While a job with this key (in the same organization) is queued, running or retrying,
    /// enqueueing another one does nothing and reports the pending one.
    public var uniqueKey: String?

    /// The longest kind and unique key.
    public static let maximumKindLength = 100
    public static let maximumUniqueKeyLength = 200

    /// A job whose payload is `payload` encoded as JSON.
    public init<Payload: Encodable>(
        kind: String, payload: Payload, organizationID: Int64? = nil, priority: Int16 = 0, runAt: Date? = nil,
        maxAttempts: Int = 5, requestedBy: Int64? = nil, uniqueKey: String? = nil
    ) throws {
        self.init(
            kind: kind, json: try JSONDocument(encoding: payload), organizationID: organizationID, priority: priority,
            runAt: runAt, maxAttempts: maxAttempts, requestedBy: requestedBy, uniqueKey: uniqueKey)
    }

    /// A job whose payload is JSON text as it is (PostgreSQL validates it).
    public init(
        kind: String, json: JSONDocument = JSONDocument(text: "{}"), organizationID: Int64? = nil, priority: Int16 = 0,
        runAt: Date? = nil, maxAttempts: Int = 5, requestedBy: Int64? = nil, uniqueKey: String? = nil
    ) {
        self.kind = kind
        self.payload = json
        self.organizationID = organizationID
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.requestedBy = requestedBy
        self.uniqueKey = uniqueKey
    }

    /// Refuses what the table would refuse, with a message naming the field.
    func validate() throws {
        guard !kind.isEmpty, kind.utf8.count <= Self.maximumKindLength,
              kind.utf8.allSatisfy({ Self.kindBytes.contains($0) }) else {
            throw JobsError(.invalidJob, "A job kind is 1 to 100 letters, digits and . _ : - (got '\(kind.prefix(100))').")
        }
        guard (1...1000).contains(maxAttempts) else {
            throw JobsError(.invalidJob, "maxAttempts must be from 1 to 1000, not \(maxAttempts).")
        }
        if let uniqueKey, uniqueKey.isEmpty || uniqueKey.count > Self.maximumUniqueKeyLength {
            throw JobsError(.invalidJob, "A unique key is 1 to 200 characters.")
        }
    }

    private static let kindBytes: Set<UInt8> = Set(
        Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + [UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-")])
}

/// What enqueueing one job did.
public enum EnqueueResult: Sendable, Equatable {
    /// A new job with this id.
    case enqueued(Int64)
    /// A pending job with the same unique key exists already (this id); nothing was added.
    case duplicate(Int64)

    /// The id of the job that will do the work.
    public var id: Int64 {
        switch self {
        case .enqueued(let id), .duplicate(let id): id
        }
    }
}
