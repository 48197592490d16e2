import Foundation
import Postgres
import Testing
@testable import Lodestar

/// The search and field filters find leads through their indexes (SECURITY DEFINER
/// functions of Migrations/0007) and fall back to the plain conditions when many match.
@Suite struct LeadConditionsTests {
    private func ids(_ kit: LeadTestKit, _ filter: LeadFilter, candidateLimit: Int) throws -> [Int64] {
        try Database(pool: kit.world.pool).tenant(organizationID: kit.organizationID) { transaction in
            let conditions = try transaction.leadConditions(filter, organizationID: kit.organizationID, candidateLimit: candidateLimit)
            return try transaction.leadRows(conditions, filter: filter, pageSize: 50).rows.map(\.id)
        }
    }

    @Test func theIndexedLookupAndThePlainConditionFindTheSameLeads() throws {
        let kit = try LeadTestKit()
        var expected: [Int64] = []
        for n in 1...4 {
            expected.append(try kit.lead(email: "match\(n)@x.example", answers: #"{"plan": "gold", "tags": ["vip"]}"#))
            try kit.lead(email: "other\(n)@y.example", answers: #"{"plan": "silver"}"#)
        }
        var search = LeadFilter()
        search.search = "x.EXAMPLE"
        search.sort = .oldest
        var field = LeadFilter()
        field.field = "tags"
        field.value = "vip"
        field.sort = .oldest
        for filter in [search, field] {
            #expect(try ids(kit, filter, candidateLimit: 100) == expected)
            #expect(try ids(kit, filter, candidateLimit: 3) == expected)  // too many: the plain condition
        }
        var both = search
        both.field = "plan"
        both.value = "gold"
        #expect(try ids(kit, both, candidateLimit: 100) == expected)
        both.value = "silver"
        #expect(try ids(kit, both, candidateLimit: 100).isEmpty)
    }

    @Test func theIndexedLookupsStayInsideTheTransactionsOrganization() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let mine = try kit.lead(email: "shared-word@x.example", answers: #"{"code": "k1"}"#)
        try other.lead(email: "shared-word@y.example", answers: #"{"code": "k1"}"#)
        let database = Database(pool: kit.world.pool)
        let found = try database.tenant(organizationID: kit.organizationID) { transaction in
            (try transaction.query("SELECT lead_ids_matching_text('shared-word', 10)").decodeColumn(Int64.self),
             try transaction.query("SELECT lead_ids_with_answer('code', 'k1', 10)").decodeColumn(Int64.self))
        }
        #expect(found.0 == [mine])
        #expect(found.1 == [mine])
        let unscoped = try database.tenant(organizationID: nil) { transaction in
            try transaction.query("SELECT lead_ids_matching_text('shared-word', 10)").decodeColumn(Int64.self)
        }
        #expect(unscoped.isEmpty)
    }

    /// The functions bypass the policies, so their own organization filter is the only wall:
    /// an empty setting finds nothing, a garbage one fails, and a temporary table or
    /// function named like theirs (pg_temp comes first in a search path) changes nothing.
    @Test func theIndexedLookupsNeverAnswerForAMissingOrForgedOrganization() throws {
        let kit = try LeadTestKit()
        let other = try kit.otherOrganization()
        let mine = try kit.lead(email: "lookalike@x.example", answers: #"{"code": "k2"}"#)
        let theirs = try other.lead(email: "lookalike@y.example", answers: #"{"code": "k2"}"#)
        let database = Database(pool: kit.world.pool)
        let lookups: Query = "SELECT lead_ids_matching_text('lookalike', 10) UNION ALL SELECT lead_ids_with_answer('code', 'k2', 10)"
        let empty = try database.tenant(organizationID: kit.organizationID) { transaction in
            try transaction.setLocal("app.organization_id", "")
            return try transaction.query(lookups).decodeColumn(Int64.self)
        }
        #expect(empty.isEmpty)
        #expect(throws: PostgresError.self) {
            try database.tenant(organizationID: kit.organizationID) { transaction in
                try transaction.setLocal("app.organization_id", "\(other.organizationID) OR true")
                return try transaction.query(lookups).decodeColumn(Int64.self)
            }
        }
        let hijacked = try database.tenant(organizationID: kit.organizationID) { transaction in
            try transaction.execute("CREATE TEMP TABLE leads (LIKE public.leads INCLUDING DEFAULTS) ON COMMIT DROP")
            try transaction.execute("INSERT INTO pg_temp.leads (organization_id, id, answers) VALUES (\(kit.organizationID), \(theirs), '{}')")
            try transaction.execute("CREATE FUNCTION pg_temp.app_organization_id() RETURNS bigint LANGUAGE sql AS 'SELECT \(unsafeRaw: String(other.organizationID))::bigint'")
            return try transaction.query(lookups).decodeColumn(Int64.self)
        }
        #expect(hijacked == [mine, mine])
    }
}
