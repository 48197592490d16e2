import HTTP
import HTTPServer
import Testing
import Web
@testable import Lodestar

/// Issue 18, item 1: a landing-page view counts once its page has gone out to the client,
/// so a client that asks and never reads (a pipelined flood) inflates nothing.
@Suite struct LandingViewCountingTests {
    @Test func aViewCountsOnlyOnceItsPageIsSent() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let request = HTTPRequest(head: HTTPRequestHead(
            method: .get, target: campaign.path, headers: ["Host": "localhost"], framing: .none))
        let connection = ConnectionInfo(remoteAddress: "10.9.8.7", remotePort: 4000)

        let unsent = world.app.responder.respond(to: request, connection: connection)
        #expect(unsent.status == .ok)
        try world.app.landing.views.flush()
        #expect(try world.events(campaign, kind: "form_view") == 0)

        let sent = world.app.responder.respond(to: request, connection: connection)
        sent.onSent?()
        try world.app.landing.views.flush()
        #expect(try world.events(campaign, kind: "form_view") == 1)
        #expect(try world.rollup(campaign, "views") == 1)
    }
}
