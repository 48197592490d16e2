import Foundation
import HTTP
import Testing
import Web
@testable import Lodestar

/// What anonymous clients can throw at `/f/{slug}`: every one gets a page with the right
/// status, never a 500, and nothing is stored.
@Suite struct LandingHostileInputTests {
    private func post(_ world: LandingWorld, _ path: String, body: String, type: String = "application/x-www-form-urlencoded") -> TestResponse {
        world.client().request(.post, path, headers: ["Content-Type": type], body: Array(body.utf8))
    }

    @Test(arguments: [
        ("email=%FF%FE", 400),                       // not UTF-8 once decoded
        ("email=%zz", 400),                          // broken percent-encoding
        ("email=%", 400),
        ("email=a%00b%40example.com", 422),          // a NUL: refused beside its field
        ("email=ada%40example.com&name=%1B%5B31m", 303), // control characters are only text
        ("email=ada%40example.com&unknown=1&unknown=2", 303),
        ("email=x%40example.com&email=y%40example.com", 303),
        ("=&&&=&email=ada%40example.com", 303),
    ])
    func oddBodiesGetTheirOwnAnswer(body: String, status: Int) throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let response = post(world, campaign.path, body: body)
        #expect(response.status.code == status, "\(body)")
        if status == 303 {
            #expect(response.headers["Location"] == campaign.path + "/thanks")
        } else {
            #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true)
        }
    }

    @Test func aMultipartOrJSONBodyIsRefusedWithAPage() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        #expect(post(world, campaign.path, body: "{\"email\":\"a@b.co\"}", type: "application/json").status.code == 415)
        #expect(post(world, campaign.path, body: "--x--", type: "multipart/form-data; boundary=x").status.code == 415)
        #expect(try world.leads(campaign) == 0)
    }

    @Test func otherMethodsAndOddSlugsAreAnswered() throws {
        let world = try LandingWorld()
        let campaign = try world.campaign()
        let client = world.client()
        let head = client.head(campaign.path)
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
        #expect(client.request(.put, campaign.path).status.code == 405)
        #expect(client.request(.delete, campaign.path).status.code == 405)
        #expect(client.request(.options, campaign.path).status.code < 500)
        #expect(client.get("/f/" + String(repeating: "a", count: 5000)).status == .notFound)
        #expect(client.get("/f/%00").status.code == 404 || client.get("/f/%00").status.code == 400)
        #expect(client.get("/f/%C3%A9t%C3%A9").status == .notFound)
        #expect(client.get("/f/" + campaign.slug.uppercased()).status == .ok)
        #expect(client.get("/f/").status == .notFound)
        #expect(post(world, "/f/" + String(repeating: "b", count: 5000), body: "email=a%40b.co").status == .notFound)
    }

    @Test func aRedirectStoredByAnOlderVersionNeverSplitsTheResponse() throws {
        let world = try LandingWorld()
        for address in ["https://example.com/\r\nSet-Cookie: a=b", "https://example.com/ok\nX: y", "javascript:alert(1)",
                        "https://exa mple.com/", "//evil.example/", "https://example.com/caf\u{E9}", "https://example.com\\@evil.example/"] {
            var definition = LandingWorld.definition
            definition.completion = .redirect(address)
            let campaign = try world.campaign(definition: definition)
            let (post, response) = world.submit(campaign, form: [("email", "ada@example.com")])
            #expect(post.headers["Location"] == campaign.path + "/thanks", "\(address)")
            #expect(response.status == .ok, "\(address)")
            #expect(response.text.contains("Thank you"))
            #expect(response.headers["Location"] == nil)
            if let start = response.text.range(of: #"content="0; url="#), let end = response.text[start.upperBound...].firstIndex(of: "\"") {
                let onward = String(response.text[start.upperBound..<end])
                #expect(onward.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "\(address)")
                #expect(onward.hasPrefix("https://example.com"), "\(address)")
                if address.hasSuffix("caf\u{E9}") { #expect(onward == "https://example.com/caf%C3%A9") }
            }
            #expect(try world.leads(campaign) == 1)
        }
    }
}
