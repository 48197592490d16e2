import DNS
import Testing
@testable import Lodestar

@Suite struct AppConfigurationDNSTests {
    @Test func readsDNSServersAndTimeout() throws {
        let configuration = try AppConfiguration(environment: [
            "DNS_SERVERS": "192.0.2.53, [2001:db8::53]:5353",
            "DNS_TIMEOUT_MS": "750",
        ])
        #expect(configuration.dns.servers == [
            DNSServer(address: DNSAddress("192.0.2.53")!),
            DNSServer(address: DNSAddress("2001:db8::53")!, port: 5353),
        ])
        #expect(configuration.dns.timeout == .milliseconds(750))
    }

    @Test func defaultsToTheSystemResolverAndTwoSeconds() throws {
        let configuration = try AppConfiguration(environment: [:])
        #expect(configuration.dns == DNSResolver.Configuration.system())
        #expect(configuration.dns.timeout == .seconds(2))
        #expect(!configuration.dns.servers.isEmpty)
    }

    @Test func refusesUnusableDNSSettings() {
        for environment in [["DNS_SERVERS": "dns.example"], ["DNS_SERVERS": "192.0.2.1,"], ["DNS_TIMEOUT_MS": "0"], ["DNS_TIMEOUT_MS": "soon"]] {
            #expect(throws: ConfigurationError.self, "\(environment)") { try AppConfiguration(environment: environment) }
        }
        do {
            _ = try AppConfiguration(environment: ["DNS_SERVERS": "dns.example"])
        } catch {
            #expect("\(error)" == "DNS_SERVERS: 'dns.example' is not a name server address (ip, ip:port or [ipv6]:port)")
        }
    }
}
