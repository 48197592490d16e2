import HTTP
import Synchronization
import Testing
@testable import Web

/// A query string that does not decode is answered 400 before any route runs, so no
/// handler can mistake it for "no filters".
@Suite struct QueryParametersTests {
    private func client() throws -> (TestClient, Counter) {
        let counter = Counter()
        var router = Router()
        router.get("/search") { _, context in
            counter.increment()
            return .text("q=" + (context.query["q"] ?? "(none)"))
        }
        router.post("/search") { _, _ in
            counter.increment()
            return .text("posted")
        }
        return (TestClient(try WebResponder(router: router, configuration: .init(log: .discard))), counter)
    }

    @Test func decodableQueriesReachTheHandler() throws {
        let (client, counter) = try client()
        #expect(client.get("/search?q=caf%C3%A9").text == "q=café")
        #expect(client.get("/search?q=%00").text == "q=\u{0}")
        #expect(client.get("/search").text == "q=(none)")
        #expect(counter.value == 3)
    }

    @Test func aQueryThatIsNotUTF8IsA400ForEveryRoute() throws {
        let (client, counter) = try client()
        for (method, target) in [(HTTPMethod.get, "/search?q=%FF"), (.get, "/search?campaign=8&q=%C3%28"),
                                 (.post, "/search?x=%FE%FF"), (.head, "/search?q=%FF"), (.get, "/nowhere?q=%FF")] {
            let response = client.request(method, target)
            #expect(response.status == .badRequest, "\(method) \(target)")
            if method != .head {
                #expect(response.text.contains("is not UTF-8 text"), "\(target)")
            }
        }
        #expect(counter.value == 0)
    }

    @Test func tooManyParametersAreA400() throws {
        let (client, counter) = try client()
        let target = "/search?" + (0...QueryParameters.maxFields).map { "p\($0)=1" }.joined(separator: "&")
        let response = client.get(target)
        #expect(response.status == .badRequest)
        #expect(response.text.contains("more than 1000 parameters"))
        #expect(counter.value == 0)
    }

    @Test func theParsedValueSaysWhy() {
        #expect(QueryParameters(query: "a=%FF").malformation != nil)
        #expect(QueryParameters(query: "a=%FF").fields.isEmpty)
        #expect(QueryParameters(query: "a=1").malformation == nil)
        #expect(QueryParameters(query: nil).isMalformed == false)
    }
}

/// Counts handler runs.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
