import Foundation
import Glibc
import HTTPServer
import Testing

/// Issue 18, items 1 and 2: what a client that pipelines and never reads, or sends most of
/// a body and goes silent, may make the server hold.
@Suite struct HTTPServerBackPressureTests {
    @Test func aClientThatNeverReadsGetsNoMoreRequestsAnsweredThanFitTheOutboundBound() throws {
        try withServer { _, port, responder in
            let client = try TestClient(port: port, timeout: 10, receiveBuffer: 4096)
            let requests = 200
            let request = "GET /large?size=262144 HTTP/1.1\r\nHost: x\r\n\r\n"
            try client.send(String(repeating: request, count: requests))
            Thread.sleep(forTimeInterval: 1)
            // 200 answers of 256 KiB would be 50 MiB buffered for one connection; only the
            // few that fit the kernel's socket buffers (a few MiB on loopback) and the
            // 256 KiB bound are made.
            let calls = responder.largeCalls.load(ordering: .relaxed)
            #expect(calls < 60, "the handler ran \(calls) times for a client that reads nothing")
            #expect(responder.largeSent.load(ordering: .relaxed) < calls)

            // Reading resumes the rest, in order, and every response counts as sent.
            for _ in 0..<requests {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body.count == 262144)
            }
            #expect(responder.largeCalls.load(ordering: .relaxed) == requests)
            try eventually { responder.largeSent.load(ordering: .relaxed) == requests }
        }
    }

    @Test func responsesToAClientThatLeavesAreNeverReportedSent() throws {
        try withServer { _, port, responder in
            do {
                let client = try TestClient(port: port, receiveBuffer: 4096)
                try client.send(String(repeating: "GET /large?size=16777216 HTTP/1.1\r\nHost: x\r\n\r\n", count: 2))
                try eventually { responder.largeCalls.load(ordering: .relaxed) >= 1 }
            }
            // The client closed with most of the first 16 MiB unread.
            Thread.sleep(forTimeInterval: 0.3)
            #expect(responder.largeSent.load(ordering: .relaxed) == 0)
        }
    }

    @Test func aBodyThatStopsArrivingIsAnswered408AfterTheIdleTimeout() throws {
        try withServer(configure: {
            $0.limits.bodyIdleTimeout = .milliseconds(300)
            // The average-rate check alone would wait far longer for a front-loaded body.
            $0.limits.bodyRateGracePeriod = .seconds(60)
        }) { _, port, _ in
            let client = try TestClient(port: port)
            try client.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            try client.send([UInt8](repeating: 97, count: 90_000))
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(response.text.contains("No part of the request body arrived"))
            #expect(client.isClosedByServer())
        }
    }

    @Test func bodiesBeyondTheServerWidePendingCapAre503AtOnceAndTheCapIsGivenBack() throws {
        try withServer(configure: { $0.limits.maxPendingBodyBytes = 100_000 }) { _, port, _ in
            let holder = try TestClient(port: port)
            try holder.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 80000\r\n\r\n")
            try holder.send([UInt8](repeating: 97, count: 10_000))
            Thread.sleep(forTimeInterval: 0.2)

            let announced = try TestClient(port: port)
            try announced.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n")
            let refused = try announced.readResponse()
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") != nil)

            let chunked = try TestClient(port: port)
            try chunked.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try chunked.send("7530\r\n" + String(repeating: "b", count: 30_000) + "\r\n")
            #expect(try chunked.readResponse().status == 503)

            // Once the held body is complete its bytes are free again.
            try holder.send([UInt8](repeating: 97, count: 70_000))
            #expect(try holder.readResponse().status == 200)
            let after = try TestClient(port: port)
            try after.send("POST /big/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 90000\r\n\r\n")
            try after.send([UInt8](repeating: 99, count: 90_000))
            let accepted = try after.readResponse()
            #expect(accepted.status == 200)
            #expect(accepted.body.count == 90_000)
        }
    }
}

/// Polls `condition` for up to `seconds`.
func eventually(seconds: Double = 5, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else { throw TestClientError(description: "condition not met in \(seconds) s") }
        Thread.sleep(forTimeInterval: 0.02)
    }
}
