import Foundation

/// One subcommand of `lodestar`.
protocol Command: Sendable {
    /// The word that selects it: `lodestar <name> ...`.
    var name: String { get }
    /// One line for `lodestar --help`.
    var summary: String { get }
    /// Full usage text for `lodestar <name> --help`.
    var usage: String { get }
    /// Runs the command; the result is the process exit status.
    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32
}

/// An error that ends a command with a message for the person at the terminal.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    let status: Int32

    init(_ description: String, status: Int32 = 2) {
        self.description = description
        self.status = status
    }
}
