// swift-tools-version:6.0
import PackageDescription

// Lodestar uses no Swift package dependencies: everything above the toolchain and the two
// Debian C libraries (libpq, libargon2) is written here. Layers point down only:
// lodestar -> Lodestar -> Web -> HTTPServer / Mustache / Postgres / Security / Jobs -> HTTP, C libraries.
// DNS (a stub resolver on Glibc alone) and PatternMatching (form field patterns) sit beside
// them, used by Lodestar. Jobs (the PostgreSQL job queue) knows nothing of the app and uses
// only Postgres.
// Postgres uses Security (a sibling with no app knowledge) for its migration checksums.
let package = Package(
    name: "Lodestar",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lodestar", targets: ["lodestar"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        // Linux headers Swift's Glibc module leaves out (epoll, eventfd, accept4).
        .systemLibrary(name: "CLinux"),
        .target(name: "HTTP"),
        .target(name: "HTTPServer", dependencies: ["HTTP", "CLinux"]),
        .target(name: "Mustache"),
        .target(name: "DNS"),
        .target(name: "PatternMatching"),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Security"]),
        .target(name: "Security", dependencies: ["CArgon2"]),
        .target(name: "Web", dependencies: ["HTTP", "HTTPServer", "Mustache", "Security"]),
        .target(name: "Jobs", dependencies: ["Postgres"]),
        .target(name: "Lodestar", dependencies: ["Web", "HTTP", "HTTPServer", "Mustache", "Postgres", "Security", "DNS", "Jobs", "PatternMatching"]),
        .executableTarget(name: "lodestar", dependencies: ["Lodestar", "Web", "HTTP", "HTTPServer", "Postgres", "Jobs", "PatternMatching"]),
        // A worker process for the jobs tests (kill -9 mid-job, two processes sharing a queue).
        .executableTarget(name: "jobs-test-worker", dependencies: ["Jobs", "Postgres"], path: "Tests/JobsTestWorker"),

        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"]),
        // A real dnsmasq and loopback sockets for the tests that need a DNS server.
        .target(name: "DNSTestSupport", dependencies: ["DNS", "ProcessTestSupport"], path: "Tests/DNSTestSupport"),
        .testTarget(name: "DNSTests", dependencies: ["DNS", "DNSTestSupport"]),
        .testTarget(name: "PatternMatchingTests", dependencies: ["PatternMatching"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        // Child processes for tests (posix_spawn with default signal handling).
        .target(name: "ProcessTestSupport", path: "Tests/ProcessTestSupport"),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Postgres", "ProcessTestSupport"]),
        .testTarget(name: "SecurityTests", dependencies: ["Security"]),
        .testTarget(name: "WebTests", dependencies: ["Web", "HTTP", "HTTPServer", "Mustache"]),
        .testTarget(name: "LodestarTests", dependencies: ["Mustache", "Lodestar", "Web", "HTTP", "HTTPServer", "Postgres", "Security", "DNS", "DNSTestSupport", "Jobs", "ProcessTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
