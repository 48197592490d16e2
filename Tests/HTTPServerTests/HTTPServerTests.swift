import Foundation
import Synchronization
import HTTP
import HTTPServer
import Testing

@Suite(.serialized) struct HTTPServerTests {
    @Test func answersARequestWithDateAndContentLength() throws {
        try withServer { _, port, responder in
            let response = try exchange(port, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.header("Content-Length") == "5")
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            let entry = responder.entries.withLock { $0.first }
            #expect(entry?.method == .get)
            #expect(entry?.target == "/hello")
            #expect(entry?.status == 200)
            #expect(entry?.bytes == 5)
            #expect(entry?.remoteAddress == "127.0.0.1")
        }
    }

    @Test func servesConcurrentClientsOnKeepAliveConnections() throws {
        try withServer { _, port, _ in
            let failures = ManagedFailures()
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                do {
                    let client = try TestClient(port: port)
                    for round in 0..<20 {
                        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n\(String(format: "%03d%03d", index, round))")
                        let response = try client.readResponse()
                        if response.text != String(format: "%03d%03d", index, round) { failures.add("wrong body \(response.text)") }
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
            #expect(failures.all.isEmpty)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            var batch = ""
            for index in 0..<20 {
                let path = index % 3 == 0 ? "/sleep?ms=\(20 - index)" : "/echo"
                let body = "request-\(index)"
                batch += "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            }
            try client.send(batch)
            for index in 0..<20 {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == (index % 3 == 0 ? "slept" : "request-\(index)"))
            }
        }
    }

    @Test func answersPipelinedRequestsSentBeforeAHalfClose() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send(String(repeating: "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", count: 30))
            client.finishSending()
            for _ in 0..<30 { #expect(try client.readResponse().text == "hello") }
            #expect(client.isClosedByServer())
        }
    }

    @Test func headAnswersWithoutBodyAndKeepsTheConnection() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "5")
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func closesAfterConnectionCloseAndForHTTP10() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())

            let old = try TestClient(port: port)
            try old.send("GET /hello HTTP/1.0\r\n\r\n")
            #expect(try old.readResponse().text == "hello")
            #expect(old.isClosedByServer())

            let handler = try TestClient(port: port)
            try handler.send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try handler.readResponse().text == "bye")
            #expect(handler.isClosedByServer())
        }
    }

    @Test func sendsContinueOnlyForAnAcceptableBody() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("ping")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "ping")

            let refused = try TestClient(port: port)
            try refused.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
            let tooLarge = try refused.readResponse()
            #expect(tooLarge.status == 413)
            #expect(refused.isClosedByServer())
        }
    }

    @Test func holdsContinueUntilEarlierResponsesAreSent() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /sleep?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse().text == "slept")
            #expect(try client.readResponse().status == 100)
            try client.send("pong")
            #expect(try client.readResponse().text == "pong")
        }
    }

    @Test func readsChunkedBodies() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "hello world")
            #expect(response.header("X-Body-Kind") == "bytes")
        }
    }

    @Test func spoolsLargeBodiesToAFileAndDeletesIt() throws {
        try withServer { _, port, responder in
            let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
            let client = try TestClient(port: port)
            try client.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n")
            try client.send(body)
            let response = try client.readResponse()
            #expect(response.header("X-Body-Kind") == "file")
            #expect(response.body == body)
            let paths = responder.spoolPaths.withLock { $0 }
            #expect(paths.count == 1)
            #expect(paths.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        }
    }

    @Test func streamsAChunkedResponse() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /stream?chunks=5&size=3 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.text == String(repeating: "x", count: 15))
            #expect(try client.readResponse().text == "hello")

            try client.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.status == 200)
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func streamsToHTTP10ClientsUntilClose() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /stream?chunks=3&size=4 HTTP/1.0\r\n\r\n")
            let raw = String(decoding: client.readToEnd(), as: UTF8.self)
            #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(raw.hasSuffix("\r\n\r\n" + String(repeating: "x", count: 12)))
            #expect(!raw.lowercased().contains("transfer-encoding"))
        }
    }
}

/// Collects failures from concurrent client threads.
final class ManagedFailures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ failure: String) { list.withLock { $0.append(failure) } }
    var all: [String] { list.withLock { $0 } }
}
