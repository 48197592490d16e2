import Foundation

/// Every subcommand, in the order `lodestar --help` lists them.
struct CommandTable: Sendable {
    let commands: [any Command]

    static let standard = CommandTable(commands: [
        ServeCommand(),
        WorkerCommand(),
        JobsCommand(),
        MigrateCommand(),
        TemplatesCommand(),
        DatabaseBenchmarkCommand(),
        PatternsBenchmarkCommand(),
        CreateAdminCommand(),
        WhitelistCommand(),
        SeedDemoCommand(),
    ])

    func run(arguments: [String], environment: [String: String]) -> Int32 {
        guard let first = arguments.first, first != "--help", first != "-h", first != "help" else {
            print(overview)
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            printError("lodestar: unknown command '\(first)'\n\n\(overview)")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.usage)
            return 0
        }
        do {
            return try command.run(ParsedArguments(rest), environment: environment)
        } catch let error as CommandError {
            printError("lodestar \(command.name): \(error.description)")
            return error.status
        } catch {
            printError("lodestar \(command.name): \(error)")
            return 1
        }
    }

    var overview: String {
        let width = commands.map(\.name.count).max() ?? 0
        let lines = commands.map { "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary }
        return """
        lodestar — campaign and lead-generation CRM

        Usage: lodestar <command> [options]

        Commands:
        \(lines.joined(separator: "\n"))

        Run 'lodestar <command> --help' for a command's options.
        Settings come from environment variables; see README.md.
        """
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
