import HTTP
import Web

extension LeadsController {
    /// The most leads one bulk action takes (a page holds 50).
    static let maxBulkLeads = 500

    /// `POST /app/leads/bulk`: the ticked leads (`id`, repeated) get a new status
    /// (`action=status`, `status`) or owner (`action=owner`, `owner`: a member's id, or
    /// `none` to unassign), in one transaction with an activity per changed lead and one audit
    /// entry. Leads whose status cannot move to the new one, and ids the organization does
    /// not have, are left alone; the message says how many changed. Then back to the
    /// inbox with the filters of `back`. Nothing chosen (the selects start on "Choose…")
    /// is a 422 with the ticked leads kept; a final status asks on a page of its own first.
    func bulk(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let form = try request.formData()
        let filter = LeadFilter(back: form["back"])
        var ids: [Int64] = []
        for text in form.values("id") {
            guard let id = Int64(text), id > 0 else { throw WebError.badRequest("Lead ids are whole numbers.") }
            if !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else {
            return try render(auth, filter: filter, error: "Tick at least one lead first.", status: .unprocessableContent)
        }
        guard ids.count <= Self.maxBulkLeads else {
            throw WebError.badRequest("At most \(Self.maxBulkLeads) leads can be changed at once.")
        }
        let message: String
        switch form["action"] {
        case "status":
            guard let target = LeadStatus(rawValue: form["status"] ?? "") else {
                return try render(auth, filter: filter, error: "Choose the status to give the ticked leads.", checked: Set(ids), status: .unprocessableContent)
            }
            if target.isFinal && !ConfirmationPage.isConfirmed(form) {
                return try confirmBulk(auth, ids: ids, target: target, filter: filter)
            }
            let changed = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
                let changed = try transaction.bulkChangeStatus(ids: ids, to: target, organizationID: auth.organizationID, actorUserID: auth.user.id)
                try transaction.audit(auth.auditEvent(
                    "lead.bulk_status_changed", entityType: "lead", entityID: nil,
                    new: ["status": target.rawValue, "selected": String(ids.count), "changed": String(changed)]))
                return changed
            }
            message = Self.outcome(changed: changed, selected: ids.count, done: "set to \(target.label.lowercased())",
                                   skippedReason: "their status cannot move to \(target.label.lowercased())")
        case "owner":
            let ownerText = form["owner"] ?? ""
            let ownerID: Int64?
            if ownerText.isEmpty {
                return try render(
                    auth, filter: filter, error: "Choose who gets the ticked leads (or Nobody, to unassign them).", checked: Set(ids),
                    status: .unprocessableContent)
            } else if ownerText == Self.nobody {
                ownerID = nil
            } else {
                guard let id = Int64(ownerText) else { throw WebError.badRequest("Choose one of the members offered.") }
                ownerID = id
            }
            let result = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction -> (Int, String)? in
                var resolved: LeadOwner?
                if let ownerID {
                    guard let owner = try transaction.leadOwner(userID: ownerID, organizationID: auth.organizationID) else { return nil }
                    resolved = owner
                }
                let changed = try transaction.bulkAssign(ids: ids, to: resolved, organizationID: auth.organizationID, actorUserID: auth.user.id)
                try transaction.audit(auth.auditEvent(
                    "lead.bulk_assigned", entityType: "lead", entityID: nil,
                    new: ["owner": resolved?.email ?? "", "selected": String(ids.count), "changed": String(changed)]))
                return (changed, resolved.map { "assigned to \($0.email)" } ?? "unassigned")
            }
            guard let result else {
                return try render(auth, filter: filter, error: "Leads can only be assigned to members of this organization.", checked: Set(ids), status: .unprocessableContent)
            }
            message = Self.outcome(changed: result.0, selected: ids.count, done: result.1, skippedReason: "they already had that owner")
        default:
            throw WebError.badRequest("Choose whether to change the status or the owner.")
        }
        try auth.session?.flash(.success, message)
        return try HTTPResponse.redirect(to: filter.url(page: filter.page))
    }

    /// The owner choice that unassigns the ticked leads (an empty choice is no choice).
    static let nobody = "none"

    /// The page that asks before giving the ticked leads a final status: how many of them
    /// the status applies to, and that it cannot be undone. Its form posts the same bulk
    /// action with `confirm=yes`.
    private func confirmBulk(_ auth: AuthenticatedContext, ids: [Int64], target: LeadStatus, filter: LeadFilter) throws -> HTTPResponse {
        let movable = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.countLeads(ids: ids, inStatuses: LeadStatus.sources(of: target), organizationID: auth.organizationID)
        }
        let ticked = ids.count == 1 ? "the ticked lead" : "the \(ids.count.grouped) ticked leads"
        var consequences = [
            movable == ids.count
                ? (ids.count == 1 ? "It becomes \(target.label.lowercased())." : "All of them become \(target.label.lowercased()).")
                : "\(movable.grouped) of them become \(target.label.lowercased()); the others are already converted or disqualified and stay as they are.",
        ]
        if target == .disqualified { consequences.append("Disqualified leads leave the pipeline and count as such in their campaigns' results.") }
        let page = ConfirmationPage(
            question: (target == .disqualified ? "Disqualify " : "Mark as converted ") + ticked + "?",
            consequences: consequences,
            irreversible: "This cannot be undone: a \(target.label.lowercased()) lead's status can no longer change.",
            action: "/app/leads/bulk",
            fields: [("back", filter.queryString(page: filter.page)), ("action", "status"), ("status", target.rawValue)]
                + ids.map { ("id", String($0)) },
            confirmLabel: target == .disqualified ? "Disqualify" : "Mark as converted",
            backURL: filter.url(page: filter.page), backLabel: "Back to the leads")
        return try pages.render("pages/confirm", page, context: auth.request, section: .leads)
    }

    /// "3 leads set to contacted; 2 skipped (their status cannot move to contacted)."
    static func outcome(changed: Int, selected: Int, done: String, skippedReason: String) -> String {
        var text = changed == 1 ? "1 lead \(done)" : "\(changed) leads \(done)"
        let skipped = selected - changed
        if skipped > 0 { text += "; \(skipped) left as they were (\(skippedReason), or not found)" }
        return text + "."
    }
}
