import Foundation
import Mustache

/// `lodestar templates check|render|bench`: validate and preview the Mustache templates.
struct TemplatesCommand: Command {
    let name = "templates"
    let summary = "Check the templates for errors, or render one to stdout"
    let usage = """
    Usage:
      lodestar templates check [--dir DIR]
          Parse every *.mustache file under DIR (default Templates) and check that every
          partial they name exists. Prints the number of templates and exits 0, or prints
          one 'file:line:column: message' line per problem and exits 1.

      lodestar templates render NAME [--dir DIR] [--data FILE]
          Render DIR/NAME.mustache (NAME like errors/error) against the JSON object in FILE
          (default: an empty object) and write exactly the output to stdout. Every template
          under DIR must parse, as at server start-up.

      lodestar templates bench [--dir DIR] [--fixtures DIR] [--rows N] [--iterations N] [--output DIR]
          Developer benchmark (used by bench/templates.sh): renders a lead table page with
          N rows (default 1000) and a dashboard page, from the fixtures in bench/templates
          plus the layout and partials in DIR, and prints the median time and MB/s.
          --output DIR also writes the two pages there as leads.html and dashboard.html.
    """

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        guard let action = arguments.positionals.first else {
            throw CommandError("expected 'check', 'render' or 'bench'\n\n\(usage)")
        }
        let directory = try arguments.option("dir") ?? "Templates"
        switch action {
        case "check":
            try arguments.finish(maxPositionals: 1)
            return check(directory: directory)
        case "render":
            let dataPath = try arguments.option("data")
            try arguments.finish(maxPositionals: 2)
            guard arguments.positionals.count == 2 else {
                throw CommandError("render needs the template name, like: lodestar templates render errors/error")
            }
            return try render(name: arguments.positionals[1], directory: directory, dataPath: dataPath)
        case "bench":
            let fixtures = try arguments.option("fixtures") ?? "bench/templates"
            let rows = try positiveInteger(arguments.option("rows"), name: "rows", default: 1000)
            let iterations = try positiveInteger(arguments.option("iterations"), name: "iterations", default: 300)
            let output = try arguments.option("output")
            try arguments.finish(maxPositionals: 1)
            var benchmark = TemplatesBenchmark(directory: directory, fixtures: fixtures, rows: rows, iterations: iterations)
            benchmark.outputDirectory = output
            return try benchmark.run()
        default:
            throw CommandError("unknown action '\(action)'; expected 'check', 'render' or 'bench'")
        }
    }

    private func check(directory: String) -> Int32 {
        do {
            let library = try TemplateLibrary(directory: directory)
            print("\(library.names.count) templates OK in \(directory)")
            return 0
        } catch {
            for message in error.messages {
                printError(message)
            }
            return 1
        }
    }

    private func render(name: String, directory: String, dataPath: String?) throws -> Int32 {
        var context = MustacheValue.object([:])
        if let dataPath {
            guard let data = FileManager.default.contents(atPath: dataPath) else {
                throw CommandError("cannot read \(dataPath)", status: 1)
            }
            do {
                context = try MustacheValue(jsonBytes: [UInt8](data))
            } catch {
                throw CommandError("\(dataPath):\(error.description)", status: 1)
            }
        }
        let output: [UInt8]
        do {
            let library = try TemplateLibrary(directory: directory)
            output = try library.renderBytes(name, contexts: [context])
        } catch {
            throw CommandError(error.description, status: 1)
        }
        FileHandle.standardOutput.write(Data(output))
        return 0
    }

    private func positiveInteger(_ text: String?, name: String, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), number > 0 else {
            throw CommandError("--\(name) must be a positive integer, not '\(text)'")
        }
        return number
    }
}
