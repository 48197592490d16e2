import DNSTestSupport
@testable import DNS
import Foundation
import Glibc
import Synchronization
import Testing

/// A server that never answers, and one that answers with forged replies first.
@Suite struct DNSResolverFailureTests {
    @Test func aServerThatNeverAnswersIsATimeout() throws {
        let silent = try LoopbackSocket(type: SOCK_DGRAM)
        let received = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let reader = Thread {
            while !stop.load(ordering: .relaxed) {
                if silent.receive() != nil { received.add(1, ordering: .relaxed) }
            }
        }
        reader.start()
        defer { stop.store(true, ordering: .relaxed) }

        let resolver = DNSResolver(configuration: .init(servers: [silent.server], timeout: .milliseconds(200), attempts: 2))
        do {
            let records = try resolver.txtRecords(for: "_lodestar.example.test")
            Issue.record("expected a timeout, got \(records)")
        } catch {
            #expect(error.isTimeout)
            #expect(error.responseCode == nil)
            #expect(error.description == "no answer from \(silent.server) in time")
        }
        // Both tries reached the server (the reader may still be catching up with the second).
        let deadline = ContinuousClock.now + .seconds(5)
        while received.load(ordering: .relaxed) < 2, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(received.load(ordering: .relaxed) == 2)
    }

    @Test func ignoresRepliesWithAnotherIDOrQuestion() throws {
        let responder = try LoopbackSocket(type: SOCK_DGRAM)
        let answered = Atomic<Bool>(false)
        let thread = Thread {
            for _ in 0..<200 where !answered.load(ordering: .relaxed) {
                guard let (bytes, client) = responder.receive(), let query = try? DNSMessage(decoding: bytes) else { continue }
                func reply(id: UInt16, question: DNSQuestion, address text: String) -> [UInt8] {
                    let record = DNSRecord(name: question.name, ttl: 60, data: .address(DNSAddress(text)!))
                    let message = DNSMessage(header: DNSHeader(id: id, isResponse: true, isRecursionAvailable: true), questions: [question], answers: [record])
                    return try! message.encoded()
                }
                let question = query.questions[0]
                responder.send(reply(id: query.header.id &+ 1, question: question, address: "203.0.113.66"), to: client)
                let otherQuestion = DNSQuestion(name: try! DNSName("other.example.test"), type: .a)
                responder.send(reply(id: query.header.id, question: otherQuestion, address: "203.0.113.67"), to: client)
                responder.send(reply(id: query.header.id, question: question, address: "192.0.2.1"), to: client)
                answered.store(true, ordering: .relaxed)
            }
        }
        thread.start()

        let resolver = DNSResolver(configuration: .init(servers: [responder.server], timeout: .seconds(5), attempts: 1))
        let response = try resolver.query(name: "spoofed.example.test", type: .a)
        #expect(response.answers(ofType: .a).map(\.data) == [.address(address("192.0.2.1"))])
    }

    @Test func refusesNonASCIINamesWithoutAsking() throws {
        let silent = try LoopbackSocket(type: SOCK_DGRAM)
        let resolver = DNSResolver(configuration: .init(servers: [silent.server], timeout: .milliseconds(200), attempts: 1))
        do {
            _ = try resolver.addresses(for: "bücher.example")
            Issue.record("a non-ASCII name was looked up")
        } catch {
            #expect(error.isInvalidName)
        }
        #expect(silent.receive() == nil)
    }

    @Test func anEmptyServerListIsAConfigurationError() {
        #expect(throws: DNSError(.configuration("no DNS server is configured"))) {
            try DNSResolver(configuration: .init(servers: [])).query(name: "example.test", type: .a)
        }
    }
}
