import Foundation
import HTTP
import Lodestar
import PatternMatching

/// `lodestar patterns-bench`: a developer benchmark of landing-page field patterns, driven by
/// bench/patterns.sh. Not part of running Lodestar.
///
/// The attack of issue 18 (item 3): one 64 KB POST to a form with 50 text fields whose
/// patterns are ordinary `([A-Za-z]+ ?)+`-style ones, each answered with about 1,300
/// characters of words ending in `!`, which no pattern matches and which makes a
/// backtracking engine try every way to split the words. The body is parsed, then every
/// answer is checked the way each engine does it, and the CPU time of the whole is printed.
struct PatternsBenchmarkCommand: Command {
    let name = "patterns-bench"
    let summary = "Developer benchmark of form field patterns (used by bench/patterns.sh)"
    let usage = """
        Usage: lodestar patterns-bench [--fields 50] [--iterations 5]

        Developer benchmark, not needed to run Lodestar. Builds one urlencoded POST body of
        about 64 KB with --fields answers that make backtracking explode, and prints the CPU
        seconds it costs to parse and check with:
          old     NSRegularExpression (ICU), 100 ms per field: the landing page before issue 18;
          stored  NSRegularExpression with one 100 ms budget for the whole submission: what a
                  pattern stored before the linear engine (which it cannot compile) costs now;
          new     the linear-time engine (PatternMatching) every new pattern uses.
        "new" and "stored" are the median of --iterations runs; "old" runs once.
        """

    /// The marketers' patterns, in turn.
    static let patterns = [#"([A-Za-z]+ ?)+"#, #"(\w+\s?)+"#, #"([A-Za-z]+[ ,.-]?)+"#, #"([a-zA-Z]+( [a-zA-Z]+)*)"#]
    static let budget: Duration = .milliseconds(100)

    func run(_ arguments: ParsedArguments, environment: [String: String]) throws -> Int32 {
        var arguments = arguments
        let fields = try arguments.positiveInteger("fields", default: 50)
        let iterations = try arguments.positiveInteger("iterations", default: 5)
        try arguments.finish()
        let body = Self.body(fields: fields, bytes: 64 * 1024 - 200)
        let patterns = (0..<fields).map { Self.patterns[$0 % Self.patterns.count] }
        let answerLength = body.count / fields
        print("patterns bench: one POST of \(body.count) bytes, \(fields) text fields, answers of about \(answerLength) characters ending in '!'")

        let expressions = try patterns.map { try NSRegularExpression(pattern: "\\A(?:" + $0 + ")\\z") }
        let linear = try patterns.map { try Pattern($0) }
        let old = Self.measure(iterations: 1) {
            try Self.answers(body).enumerated().filter { index, answer in
                expressions[index].matches(answer, deadline: ContinuousClock.now + Self.budget) != true
            }.count
        }
        let stored = Self.measure(iterations: iterations) {
            let deadline = ContinuousClock.now + Self.budget
            return try Self.answers(body).enumerated().filter { index, answer in
                expressions[index].matches(answer, deadline: deadline) != true
            }.count
        }
        let new = Self.measure(iterations: iterations) {
            try Self.answers(body).enumerated().filter { index, answer in
                linear[index].matchesWhole(answer, deadline: ContinuousClock.now + Self.budget) != true
            }.count
        }
        for (label, what, result) in [
            ("old", "ICU, 100 ms per field (before issue 18)", old),
            ("stored", "ICU, one 100 ms budget per submission", stored),
            ("new", "linear engine", new),
        ] {
            let (cpu, wall, refused) = try result.get()
            let name = label.padding(toLength: 7, withPad: " ", startingAt: 0) + what.padding(toLength: 41, withPad: " ", startingAt: 0)
            print("  " + name + String(format: "cpu %8.4f s   wall %8.4f s   answers refused %d/%d", cpu, wall, refused, fields))
        }
        return 0
    }

    /// `fields` answers of words ending in "!", named f1, f2, ..., filling about `bytes`.
    static func body(fields: Int, bytes: Int) -> [UInt8] {
        let words = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do"]
        let perField = bytes / fields - 5
        var parts: [String] = []
        for field in 1...fields {
            var answer = ""
            var index = field
            while answer.utf8.count + 12 < perField {
                answer += (answer.isEmpty ? "" : "+") + words[index % words.count]
                index += 1
            }
            parts.append("f\(field)=\(answer)%21")
        }
        return Array(parts.joined(separator: "&").utf8)
    }

    static func answers(_ body: [UInt8]) throws -> [String] {
        try URLEncodedForm(parsing: body).fields.map(\.value)
    }

    /// The median thread CPU seconds and wall seconds of `iterations` runs, and what the
    /// last run returned.
    static func measure(iterations: Int, _ run: () throws -> Int) -> Result<(Double, Double, Int), Error> {
        Result {
            var cpu: [Double] = []
            var wall: [Double] = []
            var value = 0
            for _ in 0..<max(1, iterations) {
                let cpuStart = ThreadCPUTime.seconds()
                let start = ContinuousClock.now
                value = try run()
                let elapsed = ContinuousClock.now - start
                cpu.append(ThreadCPUTime.seconds() - cpuStart)
                wall.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            return (cpu.sorted()[cpu.count / 2], wall.sorted()[wall.count / 2], value)
        }
    }
}
