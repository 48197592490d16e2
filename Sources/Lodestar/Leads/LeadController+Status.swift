import HTTP
import Web

/// A lead's status changes: POST `/app/leads/:id/status` with the move chosen in the
/// page's select, and the page that asks before a final status (GET, same address).
extension LeadController {
    /// `POST /app/leads/:id/status` with `status`: a move the transition table allows
    /// (`LeadStatus`); any other is refused with 422 and the reason, as is no choice. A final
    /// status (converted, disqualified) needs `confirm=yes` from its confirmation page;
    /// without it an allowed move answers 303 to that page and nothing changes.
    func changeStatus(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let form = try request.formData()
        let inbox = LeadFilter(back: form["back"])
        let requested = form["status"] ?? ""
        guard !requested.isEmpty else {
            return try render(auth, id: id, inbox: inbox, errors: LeadPageErrors(status: "Choose the status to move the lead to."), status: .unprocessableContent)
        }
        guard let target = LeadStatus(rawValue: requested) else {
            throw WebError.badRequest("Choose one of the statuses offered.")
        }
        enum Outcome { case changed, refused(String), ask }
        let outcome = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction -> Outcome in
            let lead = try Self.locked(transaction, id: id, auth)
            guard lead.status.canMove(to: target) else { return .refused(lead.status.refusal(to: target)) }
            guard !target.isFinal || ConfirmationPage.isConfirmed(form) else { return .ask }
            try transaction.setLeadStatus(id: id, from: lead.status, to: target, organizationID: auth.organizationID, actorUserID: auth.user.id)
            try transaction.audit(auth.auditEvent(
                "lead.status_changed", entityType: "lead", entityID: String(id),
                old: ["status": lead.status.rawValue], new: ["status": target.rawValue]))
            return .changed
        }
        switch outcome {
        case .refused(let refusal):
            return try render(auth, id: id, inbox: inbox, errors: LeadPageErrors(status: refusal), status: .unprocessableContent)
        case .ask:
            return try HTTPResponse.redirect(to: Self.confirmationURL(id, target: target, inbox: inbox))
        case .changed:
            try auth.session?.flash(.success, "Status changed to \(target.label.lowercased()).")
            return try HTTPResponse.redirect(to: Self.pageURL(id, inbox: inbox))
        }
    }

    static func confirmationURL(_ id: Int64, target: LeadStatus, inbox: LeadFilter) -> String {
        let back = inbox.queryString(page: inbox.page)
        return "/app/leads/\(id)/status?status=\(target.rawValue)" + (back.isEmpty ? "" : "&back=" + PercentEncoding.encode(back))
    }

    /// `GET /app/leads/:id/status?status=converted|disqualified`: the page that asks before
    /// a final status. A move the table does not allow shows the lead page with the reason.
    func confirmStatus(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let query = auth.request.query
        let requested = query["status"] ?? ""
        guard let target = LeadStatus(rawValue: requested) else { throw WebError.badRequest("There is no lead status '\(requested)'.") }
        let inbox = LeadFilter(back: query["back"])
        let lead = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            guard let lead = try transaction.lead(id: id, organizationID: auth.organizationID) else { throw Self.notFound }
            return lead
        }
        let leadURL = Self.pageURL(id, inbox: inbox)
        guard target.isFinal else { return try HTTPResponse.redirect(to: leadURL) }
        guard lead.status.canMove(to: target) else {
            return try render(auth, id: id, inbox: inbox, errors: LeadPageErrors(status: lead.status.refusal(to: target)), status: .unprocessableContent)
        }
        let page = ConfirmationPage(
            question: target == .disqualified ? "Disqualify \(lead.title)?" : "Mark \(lead.title) converted?",
            consequences: [
                target == .disqualified
                    ? "The lead leaves the pipeline and counts as disqualified in its campaign's results."
                    : "The lead counts as converted in its campaign's results.",
                "Its answers, notes and timeline stay as they are.",
            ],
            irreversible: "This cannot be undone: a \(target.label.lowercased()) lead's status can no longer change.",
            action: "/app/leads/\(id)/status",
            fields: [("status", target.rawValue), ("back", inbox.queryString(page: inbox.page))],
            confirmLabel: target.actionLabel(from: lead.status), backURL: leadURL, backLabel: "Keep the lead \(lead.status.label.lowercased())")
        return try pages.render("pages/confirm", page, context: auth.request, section: .leads)
    }
}
