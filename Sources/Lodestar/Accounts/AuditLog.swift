import Foundation
import Postgres

/// One thing that happened, for the append-only `audit_log`. Write it with
/// `transaction.audit(...)` in the same transaction as the change it records, so both
/// happen or neither.
struct AuditEvent: Sendable {
    var organizationID: Int64?
    var actorUserID: Int64?
    var action: String
    var entityType: String?
    var entityID: String?
    var oldValues: [String: String]?
    var newValues: [String: String]?
    var ipAddress: String?
}

extension Transaction {
    func audit(_ event: AuditEvent) throws {
        let old = try event.oldValues.map { try JSONDocument(encoding: $0) }
        let new = try event.newValues.map { try JSONDocument(encoding: $0) }
        try execute(
            """
            INSERT INTO audit_log (organization_id, actor_user_id, action, entity_type, entity_id, old_values,
                                   new_values, ip_address)
            VALUES (\(event.organizationID), \(event.actorUserID), \(event.action), \(event.entityType),
                    \(event.entityID), \(old), \(new), \(event.ipAddress))
            """)
    }
}

/// An audit entry as the audit page lists it.
struct AuditRecord: Sendable, RowDecodable {
    let id: Int64
    let createdAt: Date
    let actorEmail: String?
    let action: String
    let entityType: String?
    let entityID: String?
    let oldValues: String?
    let newValues: String?
    let ipAddress: String?

    init(row: Row) throws {
        id = try row.decode(column: "id")
        createdAt = try row.decode(column: "created_at")
        actorEmail = try row.decode(column: "actor_email")
        action = try row.decode(column: "action")
        entityType = try row.decode(column: "entity_type")
        entityID = try row.decode(column: "entity_id")
        oldValues = try row.decode(column: "old_values")
        newValues = try row.decode(column: "new_values")
        ipAddress = try row.decode(column: "ip_address")
    }
}

/// What the audit page filters by.
struct AuditFilter: Sendable {
    var action: String?
    var actorEmail: String?
    var from: Date?
    var until: Date?
}

extension Transaction {
    /// One page of the organization's audit entries, newest first, plus whether more follow.
    func auditRecords(organizationID: Int64, filter: AuditFilter, page: Int, pageSize: Int) throws -> ([AuditRecord], Bool) {
        var conditions: [Query] = ["a.organization_id = \(organizationID)"]
        if let action = filter.action { conditions.append("a.action = \(action)") }
        if let actor = filter.actorEmail { conditions.append("u.email = \(actor)::citext") }
        if let from = filter.from { conditions.append("a.created_at >= \(from)") }
        if let until = filter.until { conditions.append("a.created_at < \(until)") }
        let offset = (page - 1) * pageSize
        let rows = try query(
            """
            SELECT a.id, a.created_at, u.email::text AS actor_email, a.action, a.entity_type, a.entity_id,
                   a.old_values::text AS old_values, a.new_values::text AS new_values, a.ip_address
            FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
            WHERE \(Query.joined(conditions, separator: " AND "))
            ORDER BY a.created_at DESC, a.id DESC
            LIMIT \(pageSize + 1) OFFSET \(offset)
            """, as: AuditRecord.self)
        return (Array(rows.prefix(pageSize)), rows.count > pageSize)
    }
}
