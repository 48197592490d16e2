import Foundation
import HTTP
import Postgres
import Synchronization
import Testing
import Web
@testable import Lodestar

/// Attacks found in the security review of accounts and access, each kept as a test.
@Suite struct SecurityReviewTests {
    /// Guesses sent in parallel must not all slip under the per-account limit: before the
    /// fix each request checked the count, spent the hashing time, then recorded its
    /// failure, so a burst of N guesses was checked against a count of zero.
    @Test func parallelGuessesAreCountedAgainstTheAccountLimit() throws {
        let world = try AccountsWorld()
        let (_, email) = try world.organizationWithAdmin()
        let browsers = (0..<8).map { index in
            world.browser(remoteAddress: "10.4.\(Int.random(in: 0...255)).\(index + 1)")
        }
        for browser in browsers { browser.get("/login") }
        let statuses = Collected()
        let group = DispatchGroup()
        for browser in browsers {
            group.enter()
            let thread = Thread {
                let status = browser.post("/login", [("email", email), ("password", "a wrong guess, in parallel")]).status
                statuses.values.withLock { $0.append(status) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let all = statuses.values.withLock { $0 }
        #expect(all.count == 8)
        // LOGIN_MAX_FAILURES_PER_ACCOUNT is 3 in AccountsWorld.
        #expect(all.filter { $0 == .unauthorized }.count <= 3)
        #expect(all.filter { $0 == .tooManyRequests }.count >= 5)
    }
}

/// What parallel requests answered.
private final class Collected: Sendable {
    let values = Mutex<[HTTPStatus]>([])
}
