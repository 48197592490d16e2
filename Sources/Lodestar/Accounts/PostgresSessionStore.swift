import Foundation
import Postgres
import Web

/// Sessions in the `sessions` table, shared by every web process.
struct PostgresSessionStore: SessionStore {
    let pool: ConnectionPool

    func load(id: String) throws -> Session? {
        try pool.query(
            """
            SELECT id, csrf_token, user_id, organization_id, flash, data, created_at, last_seen_at, expires_at,
                   ip_address, user_agent
            FROM sessions WHERE id = \(id)
            """, as: SessionRow.self
        ).first?.session
    }

    func insert(_ session: Session) throws {
        try pool.execute(
            """
            INSERT INTO sessions (id, csrf_token, user_id, organization_id, flash, data, created_at, last_seen_at,
                                  expires_at, ip_address, user_agent)
            VALUES (\(session.id), \(session.csrfToken), \(session.userID), \(session.organizationID),
                    \(try JSONDocument(encoding: session.flash)), \(try JSONDocument(encoding: session.values)),
                    \(session.createdAt), \(session.lastSeenAt), \(session.expiresAt), \(session.ipAddress),
                    \(session.userAgent))
            """)
    }

    func update(_ session: Session) throws {
        try pool.execute(
            """
            UPDATE sessions SET organization_id = \(session.organizationID),
                flash = \(try JSONDocument(encoding: session.flash)), data = \(try JSONDocument(encoding: session.values)),
                last_seen_at = \(session.lastSeenAt)
            WHERE id = \(session.id)
            """)
    }

    func delete(id: String) throws {
        try pool.execute("DELETE FROM sessions WHERE id = \(id)")
    }

    /// Ends every session of a user ("sign out everywhere", password change), except
    /// `keeping` when given. Returns how many ended.
    @discardableResult
    func deleteAll(userID: Int64, keeping: String? = nil) throws -> Int {
        try pool.execute("DELETE FROM sessions WHERE user_id = \(userID) AND id IS DISTINCT FROM \(keeping)")
    }
}

private struct SessionRow: RowDecodable {
    let session: Session

    init(row: Row) throws {
        let flash: JSONDocument = try row.decode(column: "flash")
        let data: JSONDocument = try row.decode(column: "data")
        session = Session(
            id: try row.decode(column: "id"),
            csrfToken: try row.decode(column: "csrf_token"),
            userID: try row.decode(column: "user_id"),
            organizationID: try row.decode(column: "organization_id"),
            flash: (try? flash.decode([FlashMessage].self)) ?? [],
            values: (try? data.decode([String: String].self)) ?? [:],
            createdAt: try row.decode(column: "created_at"),
            lastSeenAt: try row.decode(column: "last_seen_at"),
            expiresAt: try row.decode(column: "expires_at"),
            ipAddress: try row.decode(column: "ip_address"),
            userAgent: try row.decode(column: "user_agent")
        )
    }
}
