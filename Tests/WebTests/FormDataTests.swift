import Foundation
import HTTP
import Testing
@testable import Web

@Suite struct FormDataTests {
    private func request(_ body: String, contentType: String? = "application/x-www-form-urlencoded") -> HTTPRequest {
        var headers: HTTPHeaders = [:]
        if let contentType { headers.add("Content-Type", contentType) }
        let bytes = Array(body.utf8)
        return HTTPRequest(
            head: HTTPRequestHead(method: .post, target: "/f", headers: headers, framing: .contentLength(bytes.count)),
            body: .bytes(bytes)
        )
    }

    private func status(of error: any Error) -> Int? {
        (error as? any PresentableError)?.status.code
    }

    @Test func decodesFieldsInOrder() throws {
        let form = try request("email=ada%40example.com&name=Ada+Lovelace&tag=a&tag=b&empty=&flag&caf%C3%A9=%E2%9C%93").formData()
        #expect(form["email"] == "ada@example.com")
        #expect(form["name"] == "Ada Lovelace")
        #expect(form.values("tag") == ["a", "b"])
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["café"] == "✓")
        #expect(form.fields.map(\.name) == ["email", "name", "tag", "tag", "empty", "flag", "café"])
    }

    @Test func typedFieldsAndMissingFieldsAre400() throws {
        let form = try request("count=12&id=6ba7b810-9dad-11d1-80b4-00c04fd430c8&bad=12x").formData()
        #expect(try form.int("count") == 12)
        #expect(try form.uuid("id").uuidString.lowercased() == "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        #expect(try form.optionalInt("absent") == nil)
        do {
            _ = try form.int("bad")
            Issue.record("expected an error")
        } catch {
            #expect(status(of: error) == 400)
        }
        do {
            _ = try form.string("password")
            Issue.record("expected an error")
        } catch {
            #expect(status(of: error) == 400)
        }
    }

    @Test func acceptsCharsetUTF8Only() throws {
        #expect(try request("a=1", contentType: "application/x-www-form-urlencoded; charset=UTF-8").formData()["a"] == "1")
        do {
            _ = try request("a=1", contentType: "application/x-www-form-urlencoded; charset=latin1").formData()
            Issue.record("expected an error")
        } catch {
            #expect(status(of: error) == 415)
        }
    }

    @Test func wrongOrMissingContentTypeIs415() {
        for type in ["application/json", "multipart/form-data; boundary=x", "text/plain", nil] {
            do {
                _ = try request("a=1", contentType: type).formData()
                Issue.record("expected an error for \(type ?? "none")")
            } catch {
                #expect(status(of: error) == 415)
            }
        }
    }

    @Test func malformedBodiesAre400() {
        for body in ["a=%", "a=%4", "a=%zz", "%ff=1", "a=%C0%AE"] {
            do {
                _ = try request(body).formData()
                Issue.record("expected an error for \(body)")
            } catch {
                #expect(status(of: error) == 400, "\(body)")
            }
        }
        let tooMany = (0...FormData.maxFields).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: WebError.self) { try request(tooMany).formData() }
    }

    @Test func testClientPostsForms() throws {
        var router = Router()
        router.post("/echo") { request, _ in
            let form = try request.formData()
            return .text("\(try form.string("q"))|\(try form.string("r"))")
        }
        let client = TestClient(try WebResponder(router: router, configuration: .init(log: .discard)))
        #expect(client.post("/echo", form: [("q", "a b&c=d"), ("r", "é/+")]).text == "a b&c=d|é/+")
        #expect(client.request(.post, "/echo", headers: ["Content-Type": "application/json"], body: Array("{}".utf8)).status == .unsupportedMediaType)
    }
}
