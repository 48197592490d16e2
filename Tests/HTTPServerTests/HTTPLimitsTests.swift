import HTTP
import HTTPServer
import Testing

@Suite struct HTTPLimitsTests {
    @Test func defaultsMatchTheDocumentedValues() {
        let limits = HTTPLimits()
        #expect(limits.parser.maxRequestLineBytes == 8 * 1024)
        #expect(limits.parser.maxHeaderBytes == 32 * 1024)
        #expect(limits.parser.maxHeaderCount == 100)
        #expect(limits.maxBodyBytes == 1024 * 1024)
        #expect(limits.headerReadTimeout == .seconds(10))
        #expect(limits.idleTimeout == .seconds(60))
    }

    @Test func readsEverySettingFromTheEnvironment() throws {
        let limits = try HTTPLimits(environment: [
            "HTTP_MAX_REQUEST_LINE_BYTES": "1024", "HTTP_MAX_HEADER_BYTES": "4096", "HTTP_MAX_HEADER_COUNT": "20",
            "HTTP_MAX_BODY_BYTES": "2048", "HTTP_BODY_SPOOL_BYTES": "4096", "HTTP_HEADER_TIMEOUT_SECONDS": "2.5",
            "HTTP_IDLE_TIMEOUT_SECONDS": "30", "HTTP_MIN_BODY_BYTES_PER_SECOND": "0",
            "HTTP_BODY_RATE_GRACE_SECONDS": "1", "HTTP_MAX_CONNECTIONS": "50", "HTTP_MAX_PIPELINED_REQUESTS": "4",
        ])
        #expect(limits.parser.maxRequestLineBytes == 1024)
        #expect(limits.parser.maxHeaderBytes == 4096)
        #expect(limits.parser.maxHeaderCount == 20)
        #expect(limits.maxBodyBytes == 2048)
        #expect(limits.bodySpoolThreshold == 4096)
        #expect(limits.headerReadTimeout == .milliseconds(2500))
        #expect(limits.idleTimeout == .seconds(30))
        #expect(limits.minimumBodyBytesPerSecond == 0)
        #expect(limits.bodyRateGracePeriod == .seconds(1))
        #expect(limits.maxConnections == 50)
        #expect(limits.maxPipelinedRequests == 4)

        let configuration = try HTTPServerConfiguration(host: "0.0.0.0", port: 9000, environment: [
            "HTTP_WORKERS": "3", "HTTP_QUEUE_CAPACITY": "7", "HTTP_SHUTDOWN_GRACE_SECONDS": "4", "HTTP_EVENT_LOOPS": "1",
        ])
        #expect(configuration.workerCount == 3)
        #expect(configuration.queueCapacity == 7)
        #expect(configuration.shutdownGracePeriod == .seconds(4))
        #expect(configuration.eventLoopCount == 1)
    }

    @Test(arguments: [
        ("HTTP_MAX_BODY_BYTES", "lots"), ("HTTP_MAX_BODY_BYTES", "-1"), ("HTTP_MAX_HEADER_COUNT", "0"),
        ("HTTP_HEADER_TIMEOUT_SECONDS", "0"), ("HTTP_IDLE_TIMEOUT_SECONDS", "1e3"), ("HTTP_MAX_CONNECTIONS", "10k"),
    ])
    func refusesInvalidValuesNamingTheVariable(name: String, value: String) {
        do {
            _ = try HTTPLimits(environment: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(error.settingName == name)
            #expect(error.description.contains(name))
        }
    }

    @Test func refusesInvalidWorkerSettings() {
        #expect(throws: HTTPServerError.self) {
            try HTTPServerConfiguration(host: "127.0.0.1", port: 0, environment: ["HTTP_WORKERS": "none"])
        }
        #expect(throws: HTTPServerError.self) {
            try HTTPServerConfiguration(host: "127.0.0.1", port: 0, environment: ["HTTP_QUEUE_CAPACITY": "0"])
        }
    }
}
