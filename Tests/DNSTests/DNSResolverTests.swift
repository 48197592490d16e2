import DNSTestSupport
@testable import DNS
import Glibc
import Testing

/// The resolver against a real dnsmasq on loopback (one per test, ended with it).
@Suite final class DNSResolverTests {
    /// Ten strings of 200 bytes: 2 KB of TXT, more than the 1232-byte UDP payload, so
    /// dnsmasq sets TC over UDP and the answer only comes whole over TCP.
    static let bigStrings = (0..<10).map { String(repeating: String($0), count: 200) }

    let dnsmasq: Dnsmasq
    let resolver: DNSResolver

    init() throws {
        dnsmasq = try Dnsmasq.start(records: [
            "txt-record=_lodestar.example.test,lodestar-verification=8f3a",
            "txt-record=_lodestar.example.test,v=spf1 ,include:mail.example.test, -all",
            "txt-record=big.example.test," + Self.bigStrings.joined(separator: ","),
            "mx-host=example.test,mx2.example.test,20",
            "mx-host=example.test,mx1.example.test,10",
            "address=/host.example.test/192.0.2.7",
            "address=/host.example.test/2001:db8::7",
            "host-record=target.example.test,192.0.2.9",
            "cname=alias.example.test,target.example.test",
            // Answer for all of .test from local data alone: NXDOMAIN for names it lacks.
            "local=/test/",
        ], listenOnIPv6: Self.loopbackIPv6)
        resolver = DNSResolver(configuration: .init(servers: [dnsmasq.server], timeout: .seconds(2), attempts: 2))
    }

    deinit { dnsmasq.stop() }

    static let loopbackIPv6 = (try? LoopbackSocket.ipv6Available()) ?? false

    @Test func readsTXTRecordsJoiningEachRecordsStrings() throws {
        let records = try resolver.txtRecords(for: "_lodestar.example.test")
        #expect(Set(records) == ["lodestar-verification=8f3a", "v=spf1 include:mail.example.test -all"])
        let response = try resolver.query(name: "_lodestar.Example.Test.", type: .txt)
        #expect(response.responseCode == .noError)
        #expect(response.answers(ofType: .txt).map(\.data).contains(.text([
            Array("v=spf1 ".utf8), Array("include:mail.example.test".utf8), Array(" -all".utf8),
        ])))
    }

    @Test func readsMXRecordsInPreferenceOrder() throws {
        #expect(try resolver.mxRecords(for: "example.test") == [
            DNSMailExchange(preference: 10, exchange: "mx1.example.test"),
            DNSMailExchange(preference: 20, exchange: "mx2.example.test"),
        ])
    }

    @Test func readsIPv4AndIPv6Addresses() throws {
        #expect(try resolver.addresses(for: "host.example.test") == [address("192.0.2.7"), address("2001:db8::7")])
    }

    @Test func followsACNAMEToItsTarget() throws {
        #expect(try resolver.addresses(for: "alias.example.test") == [address("192.0.2.9")])
        let response = try resolver.query(name: "alias.example.test", type: .a)
        #expect(response.answers.map(\.type) == [.cname, .a])
    }

    @Test func noSuchDomainIsAnEmptyAnswer() throws {
        #expect(try resolver.txtRecords(for: "_lodestar.missing.test").isEmpty)
        #expect(try resolver.mxRecords(for: "missing.test").isEmpty)
        #expect(try resolver.addresses(for: "www.missing.test").isEmpty)
        #expect(try resolver.query(name: "missing.test", type: .txt).responseCode == .nameError)
        // A name that exists without records of the type asked for is empty as well.
        #expect(try resolver.mxRecords(for: "_lodestar.example.test").isEmpty)
        #expect(try resolver.query(name: "_lodestar.example.test", type: .mx).responseCode == .noError)
    }

    @Test func aRefusedQuestionIsAnErrorNotAnEmptyAnswer() {
        // dnsmasq has no upstream servers here, so it refuses names outside .test.
        do {
            let records = try resolver.txtRecords(for: "example.org")
            Issue.record("expected REFUSED, got \(records)")
        } catch {
            #expect(error.responseCode == .refused)
            #expect(!error.isTimeout)
            #expect(error.description == "\(dnsmasq.server) answered REFUSED")
        }
    }

    @Test func retriesATruncatedAnswerOverTCP() throws {
        let records = try resolver.txtRecords(for: "big.example.test")
        let whole = records == [Self.bigStrings.joined()]
        #expect(whole, "record lengths: \(records.map(\.utf8.count))")
        let response = try resolver.query(name: "big.example.test", type: .txt)
        #expect(!response.header.isTruncated)
        let strings = response.answers(ofType: .txt).map(\.data) == [.text(Self.bigStrings.map { Array($0.utf8) })]
        #expect(strings, "answers: \(response.answers.count)")
    }

    @Test(.enabled(if: loopbackIPv6, "::1 is not configured here"))
    func asksAServerOverIPv6() throws {
        let resolver = DNSResolver(configuration: .init(servers: [dnsmasq.serverIPv6], timeout: .seconds(2)))
        let records = try resolver.txtRecords(for: "big.example.test")
        let whole = records == [Self.bigStrings.joined()]
        #expect(whole, "record lengths: \(records.map(\.utf8.count))")
        #expect(try resolver.mxRecords(for: "example.test").map(\.preference) == [10, 20])
    }

    @Test func skipsAServerThatNeverAnswers() throws {
        let silent = try LoopbackSocket(type: SOCK_DGRAM)
        let resolver = DNSResolver(configuration: .init(servers: [silent.server, dnsmasq.server], timeout: .milliseconds(300), attempts: 1))
        #expect(try resolver.mxRecords(for: "example.test").count == 2)
    }
}
