import Foundation
import Postgres
import Testing
@testable import Lodestar

/// The view buffer at shutdown: a database that is briefly out of reach (every connection
/// busy, a deadlock with another writer) must not cost the views still buffered.
@Suite struct FormViewRecorderTests {
    @Test func theFlushAtShutdownTriesAgainWhenTheDatabaseIsBrieflyBusy() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let configuration = try AppConfiguration(environment: TestEnvironment.variables())
        let pool = ConnectionPool(
            configuration: configuration.database.connection,
            poolConfiguration: PoolConfiguration(size: 1, acquireTimeout: .milliseconds(100)))
        let recorder = FormViewRecorder(pool: pool, flushInterval: .seconds(600))
        for _ in 0..<3 {
            recorder.record(FormViewRecorder.View(
                organizationID: campaign.organizationID, campaignID: campaign.campaignID,
                occurredAt: Date().timeIntervalSince1970, userAgent: "Test", ipAddress: "203.0.113.9"))
        }
        // The only connection is busy when the shutdown flush starts, and free soon after.
        let held = try pool.acquire()
        let stopped = DispatchSemaphore(value: 0)
        let thread = Thread {
            recorder.stop()
            stopped.signal()
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.4)
        pool.release(held)
        stopped.wait()
        #expect(try world.events(campaign, kind: "form_view") == 3)
        #expect(try world.rollup(campaign, "views") == 3)
    }
}
