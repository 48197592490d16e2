import Foundation
import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

/// `0008_membership_consent.sql` over a database with data from before it: members keep
/// their memberships, and the whitelist entries that existed (made when entries joined
/// people directly) are trusted, so @domain entries keep admitting without proof.
@Suite struct MembershipConsentMigrationTests {
    @Test func existingMembersAndDomainEntriesKeepWorking() throws {
        let settings = try TestEnvironment.variables([
            "TEMPLATES_DIR": TestPaths.templates, "PUBLIC_DIR": TestPaths.publicDirectory, "BASE_URL": "http://localhost:8080",
        ])
        var configuration = try AppConfiguration(environment: settings)
        let base = configuration.database.connection
        let name = "lodestar_scratch_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try Connection(configuration: base)
        defer { admin.close() }
        try admin.execute(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0")
        defer { try? admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        configuration.database.connection = base.with(database: String(name))

        // The schema as it was, with an organization admitting a whole domain and a member.
        let all = try Migration.load(directory: TestEnvironment.migrationsDirectory)
        _ = try Migrator(migrations: all.filter { $0.version < 8 }).migrate(configuration: configuration.database.connection)
        let pool = ConnectionPool(configuration: configuration.database.connection, poolConfiguration: PoolConfiguration(size: 2))
        defer { pool.close() }
        let hash = try PasswordHasherCache.hash
        try pool.transaction { transaction in
            let organizationID = try transaction.query("INSERT INTO organizations (name) VALUES ('Old Co') RETURNING id").single(Int64.self)
            try transaction.execute(
                "INSERT INTO whitelist_entries (organization_id, pattern, role_key) VALUES (\(organizationID), '@old.example', 'manager'), (\(organizationID), 'boss@old.example', 'admin')")
            for email in ["boss@old.example", "new@old.example"] {
                try transaction.execute("INSERT INTO users (email, password_hash) VALUES (\(email), \(hash))")
            }
            try transaction.execute(
                "INSERT INTO memberships (organization_id, user_id, role_key) SELECT \(organizationID), id, 'admin' FROM users WHERE email = 'boss@old.example'")
        }

        _ = try Migrator(migrations: all).migrate(configuration: configuration.database.connection)
        #expect(Int(try pool.query("SELECT count(*) FROM whitelist_entries WHERE trusted").single(Int64.self)) == 2)
        #expect(Int(try pool.query("SELECT count(*) FROM memberships").single(Int64.self)) == 1)

        let app = try App(configuration: configuration, log: .discard, database: pool)
        let boss = Browser(app: app)
        #expect(boss.signIn("boss@old.example", AccountsWorld.password).headers["Location"] == "/app")
        #expect(boss.get("/app").text.contains("Admin in Old Co"))
        // Someone new from the domain still joins at their first sign-in, as before.
        let newcomer = Browser(app: app)
        #expect(newcomer.signIn("new@old.example", AccountsWorld.password).headers["Location"] == "/app")
        #expect(newcomer.get("/app").text.contains("Manager in Old Co"))
    }
}
