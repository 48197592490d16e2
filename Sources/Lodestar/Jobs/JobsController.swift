import Foundation
import HTTP
import Jobs
import Mustache
import Postgres
import Web

extension Permission {
    static let jobManage = Permission(rawValue: "job.manage")
}

/// The organization's background jobs: `/app/settings/jobs` (admins: every job, retry and
/// cancel) and `/app/jobs/{id}` with its live progress (admins, and whoever asked for the
/// job), whose script polls `/app/jobs/{id}/status`. Another organization's job is a 404.
struct JobsController: Sendable {
    let database: Database
    let pages: PageRenderer
    static let pageSize = 50

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let query = auth.request.query
        let statusWord = query["status"].flatMap { $0.isEmpty ? nil : $0 }
        var filter = JobQueue.Filter(organizationID: auth.organizationID, limit: Self.pageSize + 1)
        if let statusWord {
            guard let statuses = JobStatus.matching(statusWord) else {
                throw WebError.badRequest("There is no job status '\(statusWord)'; choose one from the list.")
            }
            filter.statuses = statuses
        }
        filter.beforeID = try query.optionalInt64("before")
        let found = try tenant(auth) { try JobQueue.list(filter, in: $0) }
        let jobs = found.prefix(Self.pageSize).map { JobView($0, canManage: true, isRequester: false).mustacheValue }
        let statusOptions: [MustacheValue] = ([("", "Any status")] + JobStatus.allCases.map { ($0.rawValue, JobView.statusLabels[$0] ?? $0.rawValue) }
            + [("failed", "Failed (retrying or dead)")]).map { value, label in
            ["value": .string(value), "label": .string(label), "selected": .bool(value == (statusWord ?? ""))]
        }
        var nextURL: MustacheValue = .null
        if found.count > Self.pageSize, let last = found.prefix(Self.pageSize).last {
            nextURL = .string("/app/settings/jobs?" + (statusWord.map { "status=\(PercentEncoding.encode($0))&" } ?? "") + "before=\(last.id)")
        }
        let model: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/jobs"),
            "statusOptions": .list(statusOptions),
            "jobs": .list(jobs), "hasJobs": .bool(!jobs.isEmpty),
            "empty": jobs.isEmpty
                ? ["title": .null, "message": .string(statusWord == nil ? "No background jobs yet." : "No jobs have this status."),
                   "actionURL": .null, "actionLabel": .null]
                : .null,
            "nextURL": nextURL, "isFirstPage": .bool(filter.beforeID == nil),
        ]
        return try pages.render("jobs/index", model, context: auth.request, section: .settings)
    }

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let view = try visibleJob(auth)
        let model: MustacheValue = ["job": view.mustacheValue, "canManage": .bool(auth.can(.jobManage))]
        return try pages.render("jobs/show", model, context: auth.request, section: .settings)
    }

    /// The job as JSON for the job page's script; never cached.
    func status(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let view = try visibleJob(auth)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: .bytes(Array(try encoder.encode(view.json))))
    }

    func retry(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let form = try request.formData()
        let job = try act(auth) { transaction in
            try transaction.retryJob(id, organizationID: auth.organizationID, actorUserID: auth.user.id, ipAddress: auth.request.remoteAddress)
        }
        try auth.session?.flash(.success, "Job \(id) (\(job.kind)) will run \(job.status == .retrying ? "now" : "again").")
        return try HTTPResponse.redirect(to: Self.returnPath(form["return"], id: id))
    }

    /// Admins, and whoever asked for the job (`visibleJob` lets only them through).
    func cancel(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let view = try visibleJob(auth)
        let form = try request.formData()
        let (job, result) = try act(auth) { transaction in
            try transaction.cancelJob(
                view.job.id, organizationID: auth.organizationID, actorUserID: auth.user.id, ipAddress: auth.request.remoteAddress)
        }
        try auth.session?.flash(.success, result == .cancelled
            ? "Job \(job.id) (\(job.kind)) is cancelled."
            : "Job \(job.id) (\(job.kind)) is running; it stops at its next progress report.")
        return try HTTPResponse.redirect(to: Self.returnPath(form["return"], id: job.id))
    }

    // MARK: - Helpers

    private static let hidden = WebError.notFound("There is no such job in this organization.")

    /// The job named in the path, when it belongs to this organization and the person may
    /// see it (admins, or who asked for it); otherwise 404, so that ids reveal nothing.
    private func visibleJob(_ auth: AuthenticatedContext) throws -> JobView {
        let id = try auth.request.parameters.int64("id")
        guard let job = try tenant(auth, { try JobQueue.job(id: id, organizationID: auth.organizationID, in: $0) }) else {
            throw Self.hidden
        }
        let isRequester = job.requestedBy == auth.user.id
        guard auth.can(.jobManage) || isRequester else { throw Self.hidden }
        return JobView(job, canManage: auth.can(.jobManage), isRequester: isRequester)
    }

    private func tenant<T>(_ auth: AuthenticatedContext, _ body: (Transaction) throws -> T) throws -> T {
        try database.tenant(organizationID: auth.organizationID, userID: auth.user.id, body)
    }

    /// Runs a retry or cancel; the queue's refusals become pages a person can act on.
    private func act<T>(_ auth: AuthenticatedContext, _ body: (Transaction) throws -> T) throws -> T {
        do {
            return try tenant(auth, body)
        } catch let error as JobsError {
            if error.isNotFound { throw Self.hidden }
            throw WebError(.conflict, error.description)
        }
    }

    /// Back to the list or to the job page, whichever the form came from.
    private static func returnPath(_ value: String?, id: Int64) -> String {
        value == "list" ? "/app/settings/jobs" : "/app/jobs/\(id)"
    }
}
