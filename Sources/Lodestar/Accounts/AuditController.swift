import Foundation
import HTTP
import Mustache
import Postgres
import Web

/// `/app/settings/audit`: the organization's audit log, newest first, filterable by
/// action (a select of the actions the application writes), actor and date, 50 entries
/// a page; each entry names what it concerns (`AuditNames`). A control character in the action or actor
/// is a 400; dates that cannot be used (`DayRangeInput`) are left out with a message
/// beside the date fields, as the dashboard does.
struct AuditController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer
    static let pageSize = 50
    static let maxPage = 1_000_000

    func index(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let query = auth.request.query
        let page = max(try query.optionalInt("page") ?? 1, 1)
        // Bounded so the offset arithmetic cannot overflow (which would trap the process).
        guard page <= Self.maxPage else { throw WebError.badRequest("There is no page \(page) of the audit log.") }
        let action = try Self.filterText(query["action"], field: "action")
        let actor = try Self.filterText(query["actor"], field: "actor email")
        let days = DayRangeInput(from: query["from"], to: query["until"])
        let filter = AuditFilter(
            action: action, actorEmail: actor, from: days.from.map(DayRangeInput.startOfDay),
            until: days.to.map { DayRangeInput.startOfDay(CalendarDate(daysSince1970: $0.daysSince1970 + 1)) })
        let (records, more, entities) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            let (records, more) = try transaction.auditRecords(organizationID: auth.organizationID, filter: filter, page: page, pageSize: Self.pageSize)
            return (records, more, try AuditNames.entities(records, organizationID: auth.organizationID, in: transaction))
        }
        let entries: [MustacheValue] = records.map { record in
            var change = ""
            if let old = record.oldValues { change += Self.readable(old) }
            if let new = record.newValues { change += (change.isEmpty ? "" : " → ") + Self.readable(new) }
            let entity = entities[record.id]
            return [
                "time": .string(SettingsTabs.date(record.createdAt)), "actor": .string(record.actorEmail ?? "command line"),
                "action": .string(record.action), "actionLabel": .string(AuditNames.label(action: record.action)),
                "entity": .string(entity?.text ?? ""), "entityURL": .optional(entity?.url),
                "change": .string(change), "ip": .string(record.ipAddress ?? ""),
            ]
        }
        var actions: [MustacheValue] = [["value": "", "label": "Any action", "selected": .bool(action == nil)]]
        actions += AuditNames.actions.map { ["value": .string($0), "label": .string(AuditNames.label(action: $0)), "selected": .bool($0 == action)] }
        if let action, !AuditNames.actions.contains(action) {
            actions.append(["value": .string(action), "label": .string(AuditNames.label(action: action)), "selected": true])
        }
        func url(_ page: Int) -> MustacheValue {
            var parts = ["page=\(page)"]
            for (name, value) in [("action", action), ("actor", actor), ("from", days.fromText), ("until", days.toText)] {
                if let value, !value.isEmpty { parts.append("\(name)=\(PercentEncoding.encode(value))") }
            }
            return .string("/app/settings/audit?" + parts.joined(separator: "&"))
        }
        let model: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/audit"),
            "filter": [
                "actions": .list(actions), "actor": .string(actor ?? ""), "from": .string(days.fromText),
                "until": .string(days.toText), "problem": days.problem.map { .string($0 + " Showing entries of every date.") } ?? .null,
            ],
            "entries": .list(entries),
            "hasEntries": .bool(!entries.isEmpty),
            "empty": entries.isEmpty ? ["title": .null, "message": "No entries match.", "actionURL": .null, "actionLabel": .null] : .null,
            "pagination": (page > 1 || more) ? [
                "page": .string(page.grouped), "pageCount": .string(more ? "\((page + 1).grouped)+" : page.grouped),
                "previousURL": page > 1 ? url(page - 1) : .null, "nextURL": more ? url(page + 1) : .null,
            ] : .null,
        ]
        return try pages.render("settings/audit", model, context: auth.request, section: .settings)
    }

    /// `{"role": "admin", "email": "a@b.c"}` as `email: a@b.c, role: admin`.
    static func readable(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return json }
        return object.keys.sorted().map { "\($0): \(object[$0].map { "\($0)" } ?? "")" }.joined(separator: ", ")
    }

    /// Trimmed text, nil when empty; a control character is a 400 (PostgreSQL text cannot
    /// hold NUL, and nobody types the others into a filter).
    private static func filterText(_ value: String?, field: String) throws -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let problem = ControlCharacters.problem(in: value, field: field) { throw WebError.badRequest(problem) }
        return value
    }
}
