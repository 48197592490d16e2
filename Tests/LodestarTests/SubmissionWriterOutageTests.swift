import Foundation
import Postgres
import Synchronization
import Testing
@testable import Lodestar

/// The writer when the database cannot be had at all: every waiter is answered with the
/// reason, at once, instead of each submission of a failed batch being retried alone and
/// waiting out the pool's acquire timeout (or libpq's connect timeout) one after another.
@Suite struct SubmissionWriterOutageTests {
    @Test func aBatchFailingForWantOfAConnectionAnswersEveryWaiterWithoutRetryingEachAlone() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let configuration = try AppConfiguration(environment: TestEnvironment.variables())
        let pool = ConnectionPool(
            configuration: configuration.database.connection,
            poolConfiguration: PoolConfiguration(size: 1, acquireTimeout: .milliseconds(200)))
        // The pool's only connection stays taken: no batch can get one.
        let held = try pool.acquire()
        let writer = SubmissionWriter(pool: pool, duplicateWindowSeconds: 600, writerCount: 1)
        let count = 40
        let failures = Mutex([Bool]())
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                let form = PublishedForm(
                    organizationID: campaign.organizationID, campaignID: campaign.campaignID, status: .active,
                    version: 1, definition: LandingWorld.definition, validator: nil)
                let submission = Submission(
                    form: form, version: 1, definition: LandingWorld.definition,
                    answers: ["email": .text("outage\(index)@example.com")], ipAddress: "127.0.0.1", userAgent: nil)
                var poolTimedOut = false
                do {
                    _ = try writer.submit(submission)
                } catch let error as PostgresError {
                    poolTimedOut = error.isPoolTimeout
                } catch {}
                failures.withLock { $0.append(poolTimedOut) }
                group.leave()
            }
            thread.start()
        }
        // One-by-one retries would keep the last waiters for 40 x 200 ms; a batch that
        // fails for want of a connection answers all of its waiters together.
        let answeredWhileExhausted = group.wait(timeout: .now() + .seconds(6)) == .success
        pool.release(held)
        group.wait()
        writer.stop()
        #expect(answeredWhileExhausted)
        #expect(failures.withLock { $0 }.count == count)
        #expect(failures.withLock { $0 }.allSatisfy { $0 })
        #expect(try world.leads(campaign) == 0)
    }
}
