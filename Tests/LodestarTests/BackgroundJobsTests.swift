import Foundation
import Jobs
import Postgres
import Synchronization
import Testing
@testable import Lodestar

/// What `lodestar worker` runs: the periodic jobs (campaign schedule, housekeeping), and
/// handlers confined to their organization's rows.
@Suite struct BackgroundJobsTests {
    @Test func theCampaignScheduleAndTheHousekeepingRunAsPeriodicJobs() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let campaign = try world.pool.query(
            """
            INSERT INTO campaigns (organization_id, name, status, starts_on, slug)
            VALUES (\(a.id), 'Spring', 'scheduled', current_date, \(TestDatabase.unique("spring-"))) RETURNING id
            """).single(Int64.self)
        try world.pool.execute(
            "INSERT INTO form_versions (organization_id, campaign_id, version, definition) VALUES (\(a.id), \(campaign), 1, '{}')")
        try world.pool.execute(
            """
            INSERT INTO sessions (id, csrf_token, expires_at) VALUES (\(String(repeating: "a", count: 64)), 'token', now() - interval '1 day')
            """)
        try world.pool.execute(
            "INSERT INTO login_attempts (email_hash, ip_address, succeeded, attempted_at) VALUES ('x', '192.0.2.1', false, now() - interval '2 days')")
        let oldJob = try world.enqueue("jobs.noop", organizationID: nil)
        try world.pool.execute("UPDATE jobs SET status = 'succeeded', finished_at = now() - interval '30 days' WHERE id = \(oldJob)")

        world.app.startBackgroundJobs()
        waitUntil("the periodic jobs ran") {
            try world.count(
                """
                SELECT count(DISTINCT kind) FROM jobs WHERE status = 'succeeded' AND unique_key LIKE 'schedule:%'
                  AND kind IN ('campaigns.schedule', 'accounts.purge-expired', 'jobs.purge-finished')
                """) == 3
        }
        #expect(try world.pool.query(
            "SELECT status FROM campaigns WHERE organization_id = \(a.id) AND id = \(campaign)").single(String.self) == "active")
        #expect(try world.count("SELECT count(*) FROM sessions WHERE expires_at < now()") == 0)
        #expect(try world.count("SELECT count(*) FROM login_attempts WHERE attempted_at < now() - interval '1 day'") == 0)
        #expect(try world.count("SELECT count(*) FROM jobs WHERE id = \(oldJob)") == 0)
        // Each schedule entry remembers its slot: another worker ticking in that slot adds nothing.
        #expect(try world.count("SELECT count(*) FROM job_schedules") == 3)
        for periodic in [CampaignScheduleJob.periodic] + Housekeeping.schedule {
            let slot = try world.pool.query("SELECT last_slot FROM job_schedules WHERE name = \(periodic.name)").single(Date.self)
            #expect(try periodic.enqueue(slot: slot, pool: world.pool) == nil)
        }
    }

    @Test func aHandlerRunsInItsOrganizationsScopeAndCannotReadAnothers() throws {
        let world = try JobsWorld()
        defer { world.drop() }
        let a = try world.organization()
        let b = try world.organization()
        for (organization, name) in [(a.id, "A's"), (b.id, "B's"), (b.id, "B's too")] {
            try world.pool.execute(
                """
                INSERT INTO campaigns (organization_id, name, slug) VALUES (\(organization), \(name), \(TestDatabase.unique("c-")))
                """)
        }
        _ = try world.enqueue("contacts.import", organizationID: b.id)
        let seen = Mutex<[String: Int]>([:])
        let jobs = BackgroundJobs(
            settings: world.app.configuration.worker, pool: world.pool, accounts: AccountService(pool: world.pool, settings: world.app.configuration.access),
            log: .discard, landingChanged: {}
        ) { handlers in
            handlers.register("test.peek") { job in
                let counts = try job.transaction { transaction in
                    [
                        "campaigns": try transaction.query("SELECT count(*) FROM campaigns").single(Int.self),
                        "b campaigns": try transaction.query(
                            "SELECT count(*) FROM campaigns WHERE organization_id = \(b.id)").single(Int.self),
                        "jobs": try transaction.query("SELECT count(*) FROM jobs").single(Int.self),
                    ]
                }
                seen.withLock { $0 = counts }
            }
        }
        let peek = try world.enqueue("test.peek", organizationID: a.id)
        jobs.start()
        defer { jobs.stop() }
        waitUntil("the handler ran") { try world.job(peek).status == .succeeded }
        #expect(seen.withLock { $0 } == ["campaigns": 1, "b campaigns": 0, "jobs": 1])
    }
}
