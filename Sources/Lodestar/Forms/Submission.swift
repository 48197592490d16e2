import Foundation
import Security

/// A validated landing-page submission, ready to be stored as a lead.
struct Submission: Sendable, Equatable {
    var organizationID: Int64
    var campaignID: Int64
    var formVersion: Int
    /// The answer of the form's first email field.
    var email: String?
    /// The `name` answer, or `first_name` and `last_name` joined; empty when neither.
    var name: String
    /// `leads.answers`: a JSON object by field key (keys sorted).
    var answersJSON: String
    /// SHA-256 (hex) of the campaign, the normalized answers and (for forms without an
    /// email) the sender's address: equal for a double-click.
    var submissionKey: String
    /// The first 8 bytes of the key as a number, for `pg_advisory_xact_lock`.
    var lockKey: Int64
    var ipAddress: String?
    var userAgent: String?

    /// The longest user agent kept; longer ones are cut.
    static let maximumUserAgentLength = 512

    init(
        form: PublishedForm, version: Int, definition: FormDefinition, answers: [String: FormAnswer],
        ipAddress: String?, userAgent: String?
    ) {
        organizationID = form.organizationID
        campaignID = form.campaignID
        formVersion = version
        func text(_ key: String) -> String? {
            if case .text(let value)? = answers[key] { return value }
            return nil
        }
        email = definition.fields.first { $0.type == .email }.flatMap { text($0.key) }
        if let name = text("name") {
            self.name = name
        } else {
            self.name = [text("first_name"), text("last_name")].compactMap { $0 }.joined(separator: " ")
        }
        answersJSON = Self.json(answers, lowercased: false)
        // Who is submitting: the email when the form asks for one (the same person on a new
        // network is still a double submit); otherwise the sender's address (/64 for IPv6),
        // so two people giving the same answers to a form without an email are two leads.
        let sender = email == nil ? ipAddress.map(AddressKey.throttleKey) ?? "" : ""
        let digest = SHA256.hash(Array("\(form.campaignID)\n\(sender)\n\(Self.json(answers, lowercased: true))".utf8))
        submissionKey = digest.hex
        lockKey = digest.bytes.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
        self.ipAddress = ipAddress
        self.userAgent = userAgent.map { String($0.prefix(Self.maximumUserAgentLength)) }
    }

    /// The answers as a JSON object with sorted keys (the same answers always give the
    /// same text); `lowercased` gives the normalized form the submission key hashes.
    static func json(_ answers: [String: FormAnswer], lowercased: Bool) -> String {
        var object: [String: Any] = [:]
        for (key, answer) in answers {
            switch answer {
            case .text(let value): object[key] = lowercased ? value.lowercased() : value
            case .choices(let values): object[key] = lowercased ? values.map { $0.lowercased() } : values
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// What storing a submission gave: a new lead, or the lead an identical submission made
/// within the duplicate window (nothing new stored).
enum SubmissionOutcome: Sendable, Equatable {
    case stored(leadID: Int64)
    case duplicate(leadID: Int64)

    var leadID: Int64 {
        switch self {
        case .stored(let id), .duplicate(let id): id
        }
    }
}

/// Why a submission was not stored, other than a database error (which is rethrown as is).
struct SubmissionError: Error, CustomStringConvertible {
    private enum Kind {
        case writerStopped
        case missingResult
    }

    private let kind: Kind

    /// The server is shutting down and takes no more submissions.
    static let writerStopped = SubmissionError(kind: .writerStopped)
    /// A batch came back without an outcome for a submission (a bug, reported not hidden).
    static let missingResult = SubmissionError(kind: .missingResult)

    var description: String {
        switch kind {
        case .writerStopped: "the submission writer has stopped; the server is shutting down"
        case .missingResult: "a stored batch gave no outcome for one of its submissions"
        }
    }
}
