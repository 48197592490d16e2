import Foundation
import Postgres
import Testing

@Suite struct ListenerTests {
    @Test func deliversNotificationsWithPayloads() throws {
        let configuration = try TestDatabase.configuration()
        let listener = try Listener(configuration: configuration)
        defer { listener.close() }
        let channel = TestDatabase.uniqueName("jobs")
        try listener.listen(channel)
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        try pool.notify(channel: channel, payload: "job 42 ✓")
        let first = try listener.next(timeout: .seconds(5))
        #expect(first?.channel == channel)
        #expect(first?.payload == "job 42 ✓")

        // Sent inside a transaction: delivered at commit, not before.
        try pool.transaction { tx in
            try tx.notify(channel: channel, payload: "after commit")
            #expect(try listener.next(timeout: .milliseconds(100)) == nil)
        }
        #expect(try listener.next(timeout: .seconds(5))?.payload == "after commit")
    }

    @Test func timesOutWithNilAndIgnoresOtherChannels() throws {
        let listener = try Listener(configuration: try TestDatabase.configuration())
        defer { listener.close() }
        let channel = TestDatabase.uniqueName("quiet")
        try listener.listen(channel)
        let pool = try TestDatabase.pool(size: 1)
        defer { pool.close() }
        try pool.notify(channel: channel + "_other", payload: "not for us")
        #expect(try listener.next(timeout: .milliseconds(200)) == nil)
        try listener.unlisten(channel)
        try pool.notify(channel: channel, payload: "after unlisten")
        #expect(try listener.next(timeout: .milliseconds(200)) == nil)
    }

    @Test func listensAgainAfterItsConnectionIsKilled() throws {
        let listener = try Listener(configuration: try TestDatabase.configuration())
        defer { listener.close() }
        let channel = TestDatabase.uniqueName("resilient")
        try listener.listen(channel)
        let admin = try TestDatabase.connection()
        defer { admin.close() }
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = \("LISTEN " + quoteIdentifier(channel))")
        // The loss shows as nil (a wake-up), then notifications flow again.
        #expect(try listener.next(timeout: .seconds(5)) == nil)
        try admin.query("SELECT pg_notify(\(channel), 'again')")
        #expect(try listener.next(timeout: .seconds(5))?.payload == "again")
    }
}
