import Foundation

// The `lodestar` executable: pick the subcommand, hand it the rest of the arguments and
// the process environment, and exit with its status.
let status = CommandTable.standard.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment
)
exit(status)
