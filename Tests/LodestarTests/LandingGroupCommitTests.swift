import Foundation
import HTTPServer
import Synchronization
import Testing
import Web
@testable import Lodestar

/// Concurrent submissions over real sockets: group commit must store every accepted
/// submission exactly once, and identical ones in flight together make one lead.
@Suite struct LandingGroupCommitTests {
    /// The app served on a free loopback port with enough workers to wait together.
    private func serve(_ world: LandingWorld) throws -> HTTPServer {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerCount: 64),
            responder: world.app.responder
        )
        try server.start()
        return server
    }

    /// Runs `count` POSTs at once, each from its own thread; returns their statuses.
    private func postConcurrently(port: Int, path: String, count: Int, form: @escaping @Sendable (Int) -> [(String, String)]) -> [Int] {
        let statuses = Mutex([Int](repeating: 0, count: count))
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                let status = (try? LoopbackHTTP.post("http://127.0.0.1:\(port)\(path)", form: form(index)).status) ?? -1
                statuses.withLock { $0[index] = status }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return statuses.withLock { $0 }
    }

    @Test func fiftyConcurrentSubmissionsMakeFiftyLeads() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let server = try serve(world)
        defer { LoopbackServer.stop(server) }
        let statuses = postConcurrently(port: server.boundPort, path: campaign.path, count: 50) { index in
            [("name", "Person \(index)"), ("email", "person\(index)@example.com")]
        }
        #expect(statuses == [Int](repeating: 303, count: 50))
        #expect(try world.leads(campaign) == 50)
        #expect(try world.count("SELECT count(DISTINCT email) FROM leads WHERE organization_id = \(campaign.organizationID)") == 50)
        #expect(try world.count("SELECT count(*) FROM lead_activities WHERE organization_id = \(campaign.organizationID)") == 50)
        #expect(try world.events(campaign, kind: "form_submit") == 50)
        #expect(try world.rollup(campaign, "submissions") == 50)
    }

    @Test func identicalSubmissionsInFlightTogetherMakeOneLead() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let server = try serve(world)
        defer { LoopbackServer.stop(server) }
        let statuses = postConcurrently(port: server.boundPort, path: campaign.path, count: 20) { _ in
            [("name", "Same"), ("email", "same@example.com")]
        }
        #expect(statuses == [Int](repeating: 303, count: 20))
        #expect(try world.leads(campaign) == 1)
        #expect(try world.rollup(campaign, "submissions") == 1)
    }

    @Test func submissionsToSeveralOrganizationsInOneBatchStayInTheirOwn() throws {
        let world = try LandingWorld()
        let campaigns = try (0..<3).map { _ in try world.campaign() }
        let server = try serve(world)
        defer { LoopbackServer.stop(server) }
        let statuses = Mutex([Int]())
        let group = DispatchGroup()
        for (index, campaign) in campaigns.enumerated() {
            group.enter()
            let thread = Thread { [self] in
                let result = postConcurrently(port: server.boundPort, path: campaign.path, count: 10) { item in
                    [("email", "org\(index)-\(item)@example.com")]
                }
                statuses.withLock { $0 += result }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 303 })
        for (index, campaign) in campaigns.enumerated() {
            #expect(try world.leads(campaign) == 10)
            #expect(try world.count(
                "SELECT count(*) FROM leads WHERE organization_id = \(campaign.organizationID) AND email NOT LIKE \("org\(index)-%")"
            ) == 0)
        }
    }
}

/// The writer on its own: a submission that cannot be stored fails alone.
@Suite struct SubmissionWriterTests {
    @Test func oneFailingSubmissionDoesNotLoseTheOthersInItsBatch() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let writer = SubmissionWriter(pool: world.pool, duplicateWindowSeconds: 600, writerCount: 1)
        defer { writer.stop() }
        @Sendable func submission(campaignID: Int64, email: String) -> Submission {
            let form = PublishedForm(
                organizationID: campaign.organizationID, campaignID: campaignID, status: .active, version: 1,
                definition: LandingWorld.definition, validator: nil)
            return Submission(
                form: form, version: 1, definition: LandingWorld.definition, answers: ["email": .text(email)],
                ipAddress: "127.0.0.1", userAgent: nil)
        }
        // A campaign that does not exist: the lead's foreign key refuses it.
        let bad = submission(campaignID: campaign.campaignID + 1_000_000, email: "bad@example.com")
        let outcomes = Mutex([String: Bool]())
        let group = DispatchGroup()
        for index in 0..<12 {
            group.enter()
            let thread = Thread {
                let item = index == 5 ? bad : submission(campaignID: campaign.campaignID, email: "good\(index)@example.com")
                let stored = (try? writer.submit(item)) != nil
                outcomes.withLock { $0[item.answersJSON] = stored }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let results = outcomes.withLock { $0 }
        #expect(results.count == 12)
        #expect(results.filter { $0.value }.count == 11)
        #expect(results[bad.answersJSON] == false)
        #expect(try world.leads(campaign) == 11)
        #expect(try world.rollup(campaign, "submissions") == 11)
    }
}
