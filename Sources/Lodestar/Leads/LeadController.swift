import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/leads/:id`: one lead — its answers labelled by the form version it was made
/// against, campaign, status, owner, notes and timeline — and the changes a person with
/// `lead.update` makes there (status, owner, notes). Every change writes a lead activity
/// in the same transaction; status and owner changes are audited too. A lead of another
/// organization, or an id that is not a number, is a 404. The page keeps the inbox it was
/// opened from (`LeadFilter` in its query; forms carry it as `back`): "All leads" returns
/// to it and the previous and next lead are that list's.
struct LeadController: Sendable {
    let database: Database
    let pages: PageRenderer
    static let maxNoteLength = 10_000

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, id: try auth.request.parameters.int64("id"), inbox: try LeadFilter(auth.request.query))
    }

    /// The lead's page within the inbox `inbox` was opened from.
    static func pageURL(_ id: Int64, inbox: LeadFilter) -> String {
        inbox.url("/app/leads/\(id)", page: inbox.page)
    }

    /// `POST /app/leads/:id/owner` with `owner`: a member's user id, or empty for nobody.
    func changeOwner(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let form = try request.formData()
        let inbox = LeadFilter(back: form["back"])
        let text = form["owner"] ?? ""
        let ownerID: Int64? = text.isEmpty ? nil : Int64(text)
        guard text.isEmpty || ownerID != nil else { throw WebError.badRequest("Choose one of the members offered.") }
        enum Outcome { case changed(String), unchanged, notMember }
        let outcome = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction -> Outcome in
            let lead = try Self.locked(transaction, id: id, auth)
            // Checked before membership: the page offers a former member who still owns the lead.
            guard ownerID != lead.ownerUserID else { return .unchanged }
            var owner: LeadOwner?
            if let ownerID {
                guard let member = try transaction.leadOwner(userID: ownerID, organizationID: auth.organizationID) else { return .notMember }
                owner = member
            }
            try transaction.setLeadOwner(id: id, oldEmail: lead.ownerEmail, to: owner, organizationID: auth.organizationID, actorUserID: auth.user.id)
            try transaction.audit(auth.auditEvent(
                "lead.owner_changed", entityType: "lead", entityID: String(id),
                old: ["owner": lead.ownerEmail ?? ""], new: ["owner": owner?.email ?? ""]))
            return .changed(owner.map { "Assigned to \($0.email)." } ?? "The lead is now unassigned.")
        }
        switch outcome {
        case .notMember:
            return try render(
                auth, id: id, inbox: inbox, errors: LeadPageErrors(owner: "Leads can only be assigned to members of this organization."),
                status: .unprocessableContent)
        case .unchanged:
            try auth.session?.flash(.info, "The owner was already that.")
        case .changed(let message):
            try auth.session?.flash(.success, message)
        }
        return try HTTPResponse.redirect(to: Self.pageURL(id, inbox: inbox))
    }

    /// `POST /app/leads/:id/notes` with `body` (1 to 10,000 characters, trimmed).
    func addNote(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let id = try auth.request.parameters.int64("id")
        let form = try request.formData()
        let inbox = LeadFilter(back: form["back"])
        let typed = form["body"] ?? ""
        let body = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        var error: String?
        if body.isEmpty { error = "Write something before adding the note." }
        if body.unicodeScalars.contains(where: LeadFilter.isControl) { error = "Remove the invisible control character from the note." }
        if body.unicodeScalars.count > Self.maxNoteLength { error = "A note is at most \(Self.maxNoteLength.grouped) characters; this one has \(body.unicodeScalars.count.grouped)." }
        if let error {
            return try render(auth, id: id, inbox: inbox, errors: LeadPageErrors(note: error), noteBody: typed, status: .unprocessableContent)
        }
        try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            _ = try Self.locked(transaction, id: id, auth)
            try transaction.addLeadNote(leadID: id, body: body, organizationID: auth.organizationID, authorUserID: auth.user.id)
        }
        try auth.session?.flash(.success, "Note added.")
        return try HTTPResponse.redirect(to: Self.pageURL(id, inbox: inbox))
    }

    /// The lead, row locked; 404 when the organization has no lead with this id.
    static func locked(_ transaction: Transaction, id: Int64, _ auth: AuthenticatedContext) throws -> LeadDetail {
        guard let lead = try transaction.lead(id: id, organizationID: auth.organizationID, lock: true) else { throw Self.notFound }
        return lead
    }

    static let notFound = WebError.notFound("This organization has no such lead. It may have been deleted, or the link belongs to another organization.")

    func render(
        _ auth: AuthenticatedContext, id: Int64, inbox: LeadFilter, errors: LeadPageErrors = LeadPageErrors(), noteBody: String = "",
        status: HTTPStatus = .ok
    ) throws -> HTTPResponse {
        let data = try database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            guard let lead = try transaction.lead(id: id, organizationID: auth.organizationID) else { throw Self.notFound }
            return try LeadPageData(
                transaction, lead: lead, organizationID: auth.organizationID, canUpdate: auth.can(.leadUpdate), inbox: inbox)
        }
        let model = LeadPageModel(data: data, canUpdate: auth.can(.leadUpdate), errors: errors, noteBody: noteBody)
        return try pages.render("leads/show", model.value, context: auth.request, section: .leads, status: status)
    }
}

/// Refusals shown beside the part of the lead page they concern.
struct LeadPageErrors {
    var status: String?
    var owner: String?
    var note: String?
}
