import Foundation

/// Directories of the repository, found from this file's path (tests may run from anywhere).
enum TestPaths {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var templates: String { root.appendingPathComponent("Templates").path }
    static var publicDirectory: String { root.appendingPathComponent("Public").path }
    static var migrations: String { root.appendingPathComponent("Migrations").path }
}
