import Foundation
import HTTP
import Mustache
import Web

/// `/app/settings/audit`: the organization's audit log, newest first, filterable by
/// action, actor and date, 50 entries a page.
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
        let action = Self.nonEmpty(query["action"])
        let actor = Self.nonEmpty(query["actor"])
        let from = try Self.day(query["from"])
        let until = try Self.day(query["until"])
        let filter = AuditFilter(action: action, actorEmail: actor, from: from, until: until.map { $0.addingTimeInterval(86_400) })
        let (records, more) = try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.auditRecords(organizationID: auth.organizationID, filter: filter, page: page, pageSize: Self.pageSize)
        }
        let entries: [MustacheValue] = records.map { record in
            var change = ""
            if let old = record.oldValues { change += Self.readable(old) }
            if let new = record.newValues { change += (change.isEmpty ? "" : " → ") + Self.readable(new) }
            return [
                "time": .string(SettingsTabs.date(record.createdAt)), "actor": .string(record.actorEmail ?? "command line"),
                "action": .string(record.action),
                "entity": .string([record.entityType, record.entityID].compactMap { $0 }.joined(separator: " ")),
                "change": .string(change), "ip": .string(record.ipAddress ?? ""),
            ]
        }
        func url(_ page: Int) -> MustacheValue {
            var parts = ["page=\(page)"]
            for (name, value) in [("action", action), ("actor", actor), ("from", query["from"]), ("until", query["until"])] {
                if let value, !value.isEmpty { parts.append("\(name)=\(PercentEncoding.encode(value))") }
            }
            return .string("/app/settings/audit?" + parts.joined(separator: "&"))
        }
        let model: MustacheValue = [
            "tabs": SettingsTabs.value(auth, current: "/app/settings/audit"),
            "filter": ["action": .string(action ?? ""), "actor": .string(actor ?? ""), "from": .string(query["from"] ?? ""), "until": .string(query["until"] ?? "")],
            "entries": .list(entries),
            "hasEntries": .bool(!entries.isEmpty),
            "empty": entries.isEmpty ? ["title": .null, "message": "No entries match.", "actionURL": .null, "actionLabel": .null] : .null,
            "pagination": (page > 1 || more) ? [
                "page": .int(page), "pageCount": .string(more ? "\(page + 1)+" : String(page)),
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

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A `YYYY-MM-DD` date (UTC midnight); 400 when present but not a date.
    private static func day(_ text: String?) throws -> Date? {
        guard let text = nonEmpty(text) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let date = formatter.date(from: text) else { throw WebError.badRequest("Dates are written as YYYY-MM-DD.") }
        return date
    }
}
