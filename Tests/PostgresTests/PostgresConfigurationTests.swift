import Postgres
import Testing

@Suite struct PostgresConfigurationTests {
    @Test func parsesAFullURL() throws {
        let configuration = try PostgresConfiguration(
            url: "postgres://app:s3cr%40t@db.example.com:6543/crm?sslmode=require&application_name=web")
        #expect(configuration.user == "app")
        #expect(configuration.password == "s3cr@t")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "crm")
        #expect(configuration.sslMode == "require")
        #expect(configuration.applicationName == "web")
    }

    @Test func acceptsPostgresqlSchemeAndUnixSocketForms() throws {
        let socket = try PostgresConfiguration(url: "postgres:///crm?host=/run/postgresql")
        #expect(socket.host == "/run/postgresql")
        #expect(socket.database == "crm")
        #expect(socket.user == nil)

        let userAtSocket = try PostgresConfiguration(url: "postgresql://lodestar@/lodestar?host=/tmp/pg%20dir&port=5433")
        #expect(userAtSocket.user == "lodestar")
        #expect(userAtSocket.host == "/tmp/pg dir")
        #expect(userAtSocket.port == 5433)

        let ipv6 = try PostgresConfiguration(url: "postgresql://[::1]:5432/x")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 5432)
    }

    @Test func refusesBadURLs() {
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "mysql://localhost/x") }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "postgres://localhost:99999/x") }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "postgres://localhost/x?colour=blue") }
        #expect(throws: PostgresError.self) { try PostgresConfiguration(url: "postgres://u:%zz@localhost/x") }
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let configuration = try PostgresConfiguration(url: "postgres://app:hunter2@db:5432/crm?password=other")
        #expect(!configuration.description.contains("hunter2"))
        #expect(!configuration.description.contains("other"))
        #expect(configuration.description.contains("app:***@db:5432/crm"))
    }

    @Test func databaseURLWinsOverPGVariables() throws {
        let fromURL = try PostgresConfiguration(environment: [
            "DATABASE_URL": "postgres://a@h1/d1", "PGHOST": "h2", "PGDATABASE": "d2",
        ])
        #expect(fromURL.host == "h1")
        #expect(fromURL.database == "d1")

        let fromVariables = try PostgresConfiguration(environment: [
            "PGHOST": "h2", "PGPORT": "6000", "PGUSER": "u", "PGPASSWORD": "p", "PGDATABASE": "d2", "PGSSLMODE": "disable",
        ])
        #expect(fromVariables.host == "h2")
        #expect(fromVariables.port == 6000)
        #expect(fromVariables.user == "u")
        #expect(fromVariables.password == "p")
        #expect(fromVariables.database == "d2")
        #expect(fromVariables.sslMode == "disable")
        #expect(throws: PostgresError.self) { try PostgresConfiguration(environment: ["PGPORT": "x"]) }
    }

    @Test func connectionFailureNamesTheServerButNotThePassword() throws {
        var configuration = try TestDatabase.configuration()
        configuration.database = "no_such_database_here"
        configuration.password = "topsecret"
        do {
            _ = try Connection(configuration: configuration)
            Issue.record("connecting to a missing database succeeded")
        } catch let error as PostgresError {
            #expect(error.isConnectionFailure)
            #expect(error.description.contains("no_such_database_here"))
            #expect(!error.description.contains("topsecret"))
        }
    }
}
