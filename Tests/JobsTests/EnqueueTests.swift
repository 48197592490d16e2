import Foundation
import Jobs
import Postgres
import Testing

struct Payload: Codable, Sendable {
    var table: String = ""
    var number = 0
}

@Suite struct EnqueueTests {
    @Test func aJobExistsExactlyWhenTheEnqueueingTransactionCommits() throws {
        let database = try JobsDatabase()
        defer { database.drop() }
        let listener = try Listener(configuration: database.configuration)
        defer { listener.close() }
        try listener.listen(JobQueue.channel)

        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try database.pool.transaction { transaction in
                try transaction.enqueue(try NewJob(kind: "test.record", payload: Payload(number: 1)))
                throw Refused()
            }
        }
        #expect(try database.count("SELECT count(*) FROM jobs") == 0)
        #expect(try listener.next(timeout: .milliseconds(200)) == nil)

        let id = try database.pool.transaction { transaction in
            let id = try transaction.enqueue(try NewJob(kind: "test.record", payload: Payload(number: 2), priority: 3)).id
            // Not visible to other sessions, and no worker woken, before the commit.
            #expect(try database.count("SELECT count(*) FROM jobs") == 0)
            #expect(try listener.next(timeout: .milliseconds(100)) == nil)
            return id
        }
        #expect(try listener.next(timeout: .seconds(5))?.channel == JobQueue.channel)
        let job = try #require(try database.pool.transaction { try JobQueue.job(id: id, in: $0) })
        #expect(job.status == .queued)
        #expect(job.kind == "test.record")
        #expect(job.priority == 3)
        #expect(job.attempts == 0)
        #expect(job.maxAttempts == 5)
        let number = try database.pool.query("SELECT payload->>'number' FROM jobs WHERE id = \(id)").single(String.self)
        #expect(number == "2")
    }

    @Test func aUniqueKeyAddsNoSecondJobWhileOneIsPending() throws {
        let database = try JobsDatabase()
        defer { database.drop() }
        let job = try NewJob(kind: "test.record", payload: Payload(), uniqueKey: "rollup:2026-11-21")
        let first = try database.pool.transaction { try $0.enqueue(job) }
        let second = try database.pool.transaction { try $0.enqueue(job) }
        guard case .enqueued(let id) = first else { Issue.record("the first enqueue added nothing"); return }
        #expect(second == .duplicate(id))
        // Another organization's job with the same key is another job.
        let organization = try database.pool.query("INSERT INTO organizations (name) VALUES ('Other') RETURNING id").single(Int64.self)
        var theirs = job
        theirs.organizationID = organization
        guard case .enqueued = try database.pool.transaction({ try $0.enqueue(theirs) }) else {
            Issue.record("another organization's job with the same key was refused")
            return
        }
        // Once the pending one is finished, the key is free again.
        try database.pool.execute("UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE id = \(id)")
        let third = try database.pool.transaction { try $0.enqueue(job) }
        guard case .enqueued(let newID) = third else { Issue.record("the key stayed taken after the job finished"); return }
        #expect(newID != id)
    }

    @Test func aBulkEnqueueAddsEveryJobOnceAndSkipsPendingKeys() throws {
        let database = try JobsDatabase()
        defer { database.drop() }
        _ = try database.pool.transaction { try $0.enqueue(try NewJob(kind: "test.record", payload: Payload(), uniqueKey: "k-7")) }
        let jobs = try (0..<2500).map { number in
            try NewJob(kind: "test.record", payload: Payload(number: number), uniqueKey: number % 100 == 7 ? "k-\(number % 200)" : nil)
        }
        // Keys k-7 (pending already) and k-107 (twice in the list): 25 jobs carry one of them.
        let added = try database.pool.transaction { try $0.enqueue(contentsOf: jobs, chunkSize: 1000) }
        #expect(added == 2500 - 25 + 1)
        #expect(try database.count("SELECT count(*) FROM jobs") == 2500 - 25 + 2)
        #expect(try database.count("SELECT count(DISTINCT payload->>'number') FROM jobs WHERE unique_key IS NULL") == 2475)
    }

    @Test func malformedJobsAreRefusedWithAReason() throws {
        let database = try JobsDatabase()
        defer { database.drop() }
        for kind in ["", "has space", String(repeating: "k", count: 101), "émoji"] {
            #expect(throws: JobsError.self) {
                try database.pool.transaction { try $0.enqueue(NewJob(kind: kind)) }
            }
        }
        do {
            _ = try database.pool.transaction { try $0.enqueue(NewJob(kind: "fine", maxAttempts: 0)) }
            Issue.record("maxAttempts 0 was accepted")
        } catch let error as JobsError {
            #expect(error.isInvalidJob)
            #expect(error.description.contains("maxAttempts"))
        }
        #expect(try database.count("SELECT count(*) FROM jobs") == 0)
    }
}
