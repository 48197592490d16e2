/// Command-line arguments split into `--name value` options, `--flag` switches and
/// positional words. Commands ask for what they accept and call `finish()` so that
/// anything left over is reported instead of silently ignored.
struct ParsedArguments: Sendable {
    private(set) var positionals: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []
    private var consumed: Set<String> = []

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" {
                positionals.append(contentsOf: arguments[(index + 1)...])
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    options[String(body[..<equals])] = String(body[body.index(after: equals)...])
                } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                    options[String(body)] = arguments[index + 1]
                    index += 1
                } else {
                    flags.insert(String(body))
                }
            } else {
                positionals.append(word)
            }
            index += 1
        }
    }

    /// The value of `--name VALUE`, or nil when absent.
    mutating func option(_ name: String) throws -> String? {
        consumed.insert(name)
        if flags.contains(name) {
            throw CommandError("--\(name) needs a value")
        }
        return options[name]
    }

    /// The value of `--name VALUE`, or an error naming the missing option.
    mutating func requiredOption(_ name: String) throws -> String {
        guard let value = try option(name) else {
            throw CommandError("missing --\(name)")
        }
        return value
    }

    /// The whole number of `--name N` (at least 1), or `value` when absent.
    mutating func positiveInteger(_ name: String, default value: Int) throws -> Int {
        guard let text = try option(name) else { return value }
        guard let number = Int(text), number > 0 else { throw CommandError("--\(name) must be a positive whole number") }
        return number
    }

    /// Whether `--name` was given as a switch.
    mutating func flag(_ name: String) -> Bool {
        consumed.insert(name)
        return flags.contains(name)
    }

    /// Rejects options the command did not ask for and more positionals than it takes.
    func finish(maxPositionals: Int = 0) throws {
        let unknown = Set(options.keys).union(flags).subtracting(consumed).sorted()
        if let first = unknown.first {
            throw CommandError("unknown option --\(first)")
        }
        if positionals.count > maxPositionals {
            throw CommandError("unexpected argument '\(positionals[maxPositionals])'")
        }
    }
}
