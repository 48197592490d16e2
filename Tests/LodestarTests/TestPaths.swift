import Foundation

/// Directories of the repository (tests may run from anywhere).
enum TestPaths {
    static var templates: String { TestEnvironment.packageRoot.appendingPathComponent("Templates").path }
    static var publicDirectory: String { TestEnvironment.packageRoot.appendingPathComponent("Public").path }
}
