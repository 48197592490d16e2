import Dispatch
import Foundation
import Glibc
import HTTP
import HTTPServer
import Testing

@Suite(.serialized) struct HTTPServerLoadTests {
    @Test func answers503WithRetryAfterWhenTheQueueIsFull() throws {
        try withServer(configure: { $0.workerCount = 1; $0.queueCapacity = 1 }) { _, port, responder in
            let running = try TestClient(port: port)
            try running.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
            responder.entered.wait()
            // The only worker is busy: of three more requests one waits in the queue (room
            // for one) and two are refused at once.
            var clients: [TestClient] = []
            for _ in 0..<3 {
                let client = try TestClient(port: port, timeout: 3)
                try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                clients.append(client)
            }
            var refused = 0
            var waiting: [TestClient] = []
            for client in clients {
                do {
                    let response = try client.readResponse()
                    #expect(response.status == 503)
                    #expect(response.header("Retry-After") == "1")
                    refused += 1
                } catch {
                    waiting.append(client)   // no answer yet: queued behind the busy worker
                }
            }
            #expect(refused == 2)
            #expect(waiting.count == 1)
            responder.release()
            #expect(try running.readResponse().text == "unblocked")
            for client in waiting { #expect(try client.readResponse().text == "hello") }
        }
    }

    @Test func streamedResponseWaitsForASlowReader() throws {
        try withServer { _, port, responder in
            let client = try TestClient(port: port)
            let chunks = 2048, size = 64 * 1024   // 128 MiB if nothing held the writer back
            try client.send("GET /stream?chunks=\(chunks)&size=\(size) HTTP/1.1\r\nHost: x\r\n\r\n")
            usleep(500_000)
            let writtenWhileNotReading = responder.streamedBytes.load(ordering: .relaxed)
            #expect(writtenWhileNotReading < 32 << 20)
            let response = try client.readResponse()
            #expect(response.body.count == chunks * size)
            let failed = responder.streamFailed.load(ordering: .relaxed)
            #expect(!failed)
        }
    }

    @Test func streamWriterThrowsOnceTheClientIsGone() throws {
        try withServer { _, port, responder in
            do {
                let client = try TestClient(port: port)
                try client.send("GET /stream?chunks=100000&size=65536 HTTP/1.1\r\nHost: x\r\n\r\n")
                usleep(200_000)
            }
            #expect(responder.streamDone.wait(timeout: .now() + 10) == .success)
            let failed = responder.streamFailed.load(ordering: .relaxed)
            #expect(failed)
        }
    }

    @Test func closesAClientThatStopsReading() throws {
        try withServer(configure: { $0.limits.idleTimeout = .milliseconds(300) }) { _, port, responder in
            let client = try TestClient(port: port)
            try client.send("GET /stream?chunks=100000&size=65536 HTTP/1.1\r\nHost: x\r\n\r\n")
            // The client never reads: the server gives up on it and the writer is told.
            #expect(responder.streamDone.wait(timeout: .now() + 10) == .success)
            let failed = responder.streamFailed.load(ordering: .relaxed)
            #expect(failed)
            _ = client
        }
    }

    @Test func shutdownFinishesInFlightRequestsAndRefusesNewConnections() throws {
        let responder = TestResponder()
        var configuration = HTTPServerConfiguration(
            host: "127.0.0.1", port: 0, eventLoopCount: 2, workerCount: 2, shutdownGracePeriod: .seconds(5))
        configuration.limits.idleTimeout = .seconds(30)
        let server = HTTPServer(configuration: configuration, responder: responder)
        try server.start()
        let port = server.boundPort
        let idle = try TestClient(port: port)
        try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try TestClient(port: port)
        try busy.send("GET /sleep?ms=400 HTTP/1.1\r\nHost: x\r\n\r\n")
        responder.entered.wait()

        server.shutdown()
        let response = try busy.readResponse()
        #expect(response.text == "slept")
        #expect(busy.isClosedByServer())
        #expect(idle.isClosedByServer())
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
        server.waitUntilStopped()
    }

    @Test func refusesToStartOnAPortInUse() throws {
        try withServer { _, port, _ in
            let second = HTTPServer(
                configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port), responder: TestResponder())
            #expect(throws: HTTPServerError.self) { try second.start() }
        }
    }

    @Test func runReturnsAfterShutdown() throws {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerCount: 1),
            responder: TestResponder())
        try server.start()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? server.run()
            finished.signal()
        }
        thread.start()
        #expect(try exchange(server.boundPort, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").status == 200)
        server.shutdown()
        #expect(finished.wait(timeout: .now() + 5) == .success)
    }

    @Test func runShutsDownGracefullyOnSIGTERM() throws {
        let responder = TestResponder()
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1, workerCount: 1),
            responder: responder)
        try server.start()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? server.run()
            finished.signal()
        }
        thread.start()
        // Wait until run() has installed its handler; the default action would end the tests.
        var installed = false
        for _ in 0..<500 where !installed {
            var current = sigaction()
            sigaction(SIGTERM, nil, &current)
            installed = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) > 1
            if !installed { usleep(10_000) }
        }
        #expect(installed)
        guard installed else { return }
        let busy = try TestClient(port: server.boundPort)
        try busy.send("GET /sleep?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n")
        responder.entered.wait()
        kill(getpid(), SIGTERM)
        #expect(try busy.readResponse().text == "slept")
        #expect(finished.wait(timeout: .now() + 5) == .success)
    }
}
