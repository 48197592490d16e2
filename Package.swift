// swift-tools-version:6.0
import PackageDescription

// Lodestar uses no Swift package dependencies: everything above the toolchain and the two
// Debian C libraries (libpq, libargon2) is written here. Layers point down only:
// lodestar -> Lodestar -> Web -> HTTPServer / Mustache / Postgres / Security -> HTTP, C libraries;
// Lodestar also uses PatternMatching (form field patterns).
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
        .target(name: "PatternMatching"),
        .target(name: "Postgres", dependencies: ["CLibPQ", "Security"]),
        .target(name: "Security", dependencies: ["CArgon2"]),
        .target(name: "Web", dependencies: ["HTTP", "HTTPServer", "Mustache", "Security"]),
        .target(name: "Lodestar", dependencies: ["Web", "HTTP", "HTTPServer", "Mustache", "Postgres", "Security", "PatternMatching"]),
        .executableTarget(name: "lodestar", dependencies: ["Lodestar", "Web", "HTTP", "HTTPServer", "Postgres", "PatternMatching"]),

        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTP"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"]),
        .testTarget(name: "PatternMatchingTests", dependencies: ["PatternMatching"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "SecurityTests", dependencies: ["Security"]),
        .testTarget(name: "WebTests", dependencies: ["Web", "HTTP", "HTTPServer", "Mustache"]),
        .testTarget(name: "LodestarTests", dependencies: ["Mustache", "Lodestar", "Web", "HTTP", "HTTPServer", "Postgres", "Security"]),
    ],
    swiftLanguageModes: [.v6]
)
