import Postgres

/// The application's database: the pool plus the tenant-scoped transaction every access
/// to organization data goes through.
struct Database: Sendable {
    let pool: ConnectionPool

    /// Runs `body` in a transaction scoped to one organization: `app.organization_id`
    /// (and optionally `app.user_id` and `app.email`) are set for the transaction and the
    /// role switches to `lodestar_tenant`, so the row-level security policies of
    /// `Migrations/0002_accounts.sql` apply even when the pool connects as a superuser.
    /// Queries inside still filter by organization themselves; the policies are the
    /// second wall.
    func tenant<T>(
        organizationID: Int64?, userID: Int64? = nil, email: String? = nil, _ body: (Transaction) throws -> T
    ) throws -> T {
        try pool.transaction { transaction in
            try transaction.scope(organizationID: organizationID, userID: userID, email: email)
            return try body(transaction)
        }
    }
}

extension Transaction {
    /// Scopes the rest of this transaction to an organization (see `Database.tenant`).
    func scope(organizationID: Int64?, userID: Int64? = nil, email: String? = nil) throws {
        try setLocal("app.organization_id", organizationID.map(String.init) ?? "")
        try setLocal("app.user_id", userID.map(String.init) ?? "")
        try setLocal("app.email", email ?? "")
        try execute("SET LOCAL ROLE lodestar_tenant")
    }
}
