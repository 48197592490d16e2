import Postgres
import Testing

@Suite struct PoolConfigurationTests {
    @Test func defaultsWithoutEnvironment() throws {
        let configuration = try PoolConfiguration(environment: [:])
        #expect(configuration.size == 10)
        #expect(configuration.acquireTimeout == .milliseconds(5000))
        #expect(configuration.statementTimeout == .milliseconds(30000))
    }

    @Test func readsTheDatabaseVariables() throws {
        let configuration = try PoolConfiguration(environment: [
            "DATABASE_POOL_SIZE": "32", "DATABASE_ACQUIRE_TIMEOUT_MS": "250",
            "DATABASE_IDLE_CHECK_MS": "1000", "DATABASE_STATEMENT_TIMEOUT_MS": "0",
        ])
        #expect(configuration.size == 32)
        #expect(configuration.acquireTimeout == .milliseconds(250))
        #expect(configuration.idleHealthCheck == .milliseconds(1000))
        #expect(configuration.statementTimeout == nil)
    }

    @Test func refusesUnusableValuesNamingTheVariable() {
        for (name, value) in [("DATABASE_POOL_SIZE", "0"), ("DATABASE_POOL_SIZE", "ten"), ("DATABASE_ACQUIRE_TIMEOUT_MS", "-1")] {
            do {
                _ = try PoolConfiguration(environment: [name: value])
                Issue.record("\(name)=\(value) was accepted")
            } catch let error as PostgresError {
                #expect(error.isConfigurationFailure)
                #expect(error.description.contains(name))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
