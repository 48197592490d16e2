import Foundation
import HTTP
import HTTPServer
import Testing

@Suite(.serialized) struct HTTPServerLimitsTests {
    @Test func refusesAnAnnouncedOversizedBodyBeforeReadingIt() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    @Test func refusesAChunkedBodyThatGrowsPastTheLimit() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            let chunk = String(repeating: "a", count: 0x8000)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<3 { try client.send("8000\r\n\(chunk)\r\n") }
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.isClosedByServer())
        }
    }

    @Test func answersParseErrorsWithTheirStatusAndCloses() throws {
        try withServer(configure: {
            $0.limits.parser.maxRequestLineBytes = 256
            $0.limits.parser.maxHeaderBytes = 1024
        }) { _, port, _ in
            let cases: [(String, Int)] = [
                ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n", 431),
                ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            ]
            for (request, status) in cases {
                let client = try TestClient(port: port)
                // A valid request after the bad one must never be answered.
                try client.send(request + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == status, "\(request.prefix(40))")
                #expect(response.header("Connection") == "close")
                #expect(client.isClosedByServer())
            }
        }
    }

    @Test func answersErrorsAfterEarlierPipelinedResponses() throws {
        try withServer { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /sleep?ms=50 HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n")
            #expect(try client.readResponse().text == "slept")
            #expect(try client.readResponse().status == 400)
            #expect(client.isClosedByServer())
        }
    }

    @Test func timesOutASlowRequestHeadWith408() throws {
        try withServer(configure: { $0.limits.headerReadTimeout = .milliseconds(300) }) { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.isClosedByServer())
        }
    }

    @Test func closesIdleKeepAliveConnectionsSilently() throws {
        try withServer(configure: { $0.limits.idleTimeout = .milliseconds(300) }) { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            #expect(client.readToEnd().isEmpty)
        }
    }

    @Test func timesOutABodyArrivingTooSlowly() throws {
        try withServer(configure: {
            $0.limits.minimumBodyBytesPerSecond = 10_000
            $0.limits.bodyRateGracePeriod = .milliseconds(200)
        }) { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.isClosedByServer())
        }
    }

    @Test func manyIdleConnectionsDoNotStopAFreshClient() throws {
        try withServer(configure: { $0.limits.headerReadTimeout = .seconds(30) }) { _, port, _ in
            var idle: [TestClient] = []
            for index in 0..<300 {
                let client = try TestClient(port: port)
                if index % 2 == 0 { try client.send("GET /hello HTTP/1.1\r\nHo") }
                idle.append(client)
            }
            let fresh = try TestClient(port: port)
            try fresh.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try fresh.readResponse().text == "hello")
            #expect(idle.count == 300)
        }
    }

    @Test func refusesConnectionsBeyondTheLimit() throws {
        try withServer(configure: { $0.limits.maxConnections = 2; $0.eventLoopCount = 1 }) { _, port, _ in
            let first = try TestClient(port: port)
            let second = try TestClient(port: port)
            try first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            let third = try TestClient(port: port)
            let refused = try third.readResponse()
            #expect(refused.status == 503)
            #expect(third.isClosedByServer())
            try second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try second.readResponse().status == 200)
        }
    }
}
