import Foundation
import Jobs
import Mustache

/// A job as the jobs pages show it (a row of the list, the job page) and as the job page's
/// script reads it (`json`).
struct JobView: Sendable {
    let job: JobRecord
    /// Whether the person may retry (admins) and cancel (admins and who asked for it).
    let canRetry: Bool
    let canCancel: Bool

    init(_ job: JobRecord, canManage: Bool, isRequester: Bool) {
        self.job = job
        canRetry = canManage && [.dead, .cancelled, .retrying].contains(job.status)
        canCancel = (canManage || isRequester) && job.status.isPending && !job.cancelRequested
    }

    static let statusLabels: [JobStatus: String] = [
        .queued: "Queued", .running: "Running", .succeeded: "Succeeded", .retrying: "Retrying", .dead: "Dead",
        .cancelled: "Cancelled",
    ]

    var statusLabel: String {
        if job.status == .running && job.cancelRequested { return "Cancelling" }
        return Self.statusLabels[job.status] ?? job.status.rawValue
    }

    /// A sentence on where the job stands, for the job page.
    var summary: String {
        switch job.status {
        case .queued: job.runAt > Date() ? "The job waits for its time." : "The job waits for a worker."
        case .running: job.cancelRequested ? "The job stops at its next progress report." : "The job is running."
        case .retrying: "The last attempt failed; the job runs again at its next attempt's time."
        case .succeeded: "The job succeeded."
        case .dead: "The job failed on its last attempt and was given up."
        case .cancelled: "The job was cancelled."
        }
    }

    /// "120 of 1,000 — Importing rows", "120 so far", or "" before any report.
    var progressText: String {
        let progress = job.progress
        var text: String
        if let total = progress.total {
            text = "\(Int(progress.done).grouped) of \(Int(total).grouped)"
        } else {
            text = progress.done > 0 ? "\(Int(progress.done).grouped) so far" : ""
        }
        if !progress.message.isEmpty { text += text.isEmpty ? progress.message : " — \(progress.message)" }
        return text
    }

    /// The progress bar's value and maximum; nil while a job without a total runs (the
    /// bar then only shows activity). A finished job without a total shows full or empty.
    var bar: (value: Int64, max: Int64)? {
        if let total = job.progress.total { return (min(job.progress.done, max(total, 1)), max(total, 1)) }
        if job.status == .succeeded { return (1, 1) }
        return job.status.isPending ? nil : (0, 1)
    }

    var mustacheValue: MustacheValue {
        [
            "id": .string(String(job.id)), "url": .string("/app/jobs/\(job.id)"), "kind": .string(job.kind),
            "status": .string(job.status.rawValue), "statusLabel": .string(statusLabel),
            "pending": .bool(job.status.isPending),
            "indeterminate": .bool(bar == nil),
            "progressValue": .string(String(bar?.value ?? 0)),
            "progressMax": .string(String(bar?.max ?? 1)),
            "percent": job.progress.percent.map { .string("\($0)%") } ?? .null,
            "progressText": .string(progressText),
            "attempts": .string("\(job.attempts) of \(job.maxAttempts)"),
            "error": job.lastError.map(MustacheValue.string) ?? .null,
            "created": .string(Self.time(job.createdAt)),
            "started": job.startedAt.map { .string(Self.time($0)) } ?? .null,
            "finished": job.finishedAt.map { .string(Self.time($0)) } ?? .null,
            "nextAttempt": job.status == .retrying ? .string(Self.time(job.runAt)) : .null,
            "waitsUntil": job.status == .queued && job.runAt > Date() ? .string(Self.time(job.runAt)) : .null,
            "canRetry": .bool(canRetry), "canCancel": .bool(canCancel), "summary": .string(summary),
        ]
    }

    /// What `/app/jobs/{id}/status` answers, for the job page's script.
    struct JSON: Encodable {
        let id: Int64
        let kind: String
        let status: String
        let statusLabel: String
        let pending: Bool
        let done: Int64
        let total: Int64?
        /// The bar's value and maximum; absent while it only shows activity.
        let barValue: Int64?
        let barMax: Int64?
        let percent: Int?
        let progressText: String
        let attempts: String
        let error: String?
        let started: String?
        let finished: String?
        let nextAttempt: String?
        let canCancel: Bool
        let canRetry: Bool
        let summary: String
    }

    var json: JSON {
        JSON(
            id: job.id, kind: job.kind, status: job.status.rawValue, statusLabel: statusLabel, pending: job.status.isPending,
            done: job.progress.done, total: job.progress.total, barValue: bar?.value, barMax: bar?.max,
            percent: job.progress.percent, progressText: progressText,
            attempts: "\(job.attempts) of \(job.maxAttempts)", error: job.lastError, started: job.startedAt.map(Self.time),
            finished: job.finishedAt.map(Self.time), nextAttempt: job.status == .retrying ? Self.time(job.runAt) : nil,
            canCancel: canCancel, canRetry: canRetry, summary: summary)
    }

    /// `2026-11-21 22:40:01` (UTC).
    static func time(_ date: Date) -> String {
        let format = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current)
            .year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)
        return date.formatted(format)
    }
}
