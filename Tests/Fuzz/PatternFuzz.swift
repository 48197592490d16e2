// libFuzzer entry point for the linear-time pattern engine. Not part of any SwiftPM target:
// `make fuzz-pattern` compiles it with Sources/PatternMatching/*.swift into one module.
//
// An input is split at its first NUL byte into a pattern and a text (UTF-8, invalid bytes
// replaced). Checked:
// - every pattern compiles or throws a PatternError whose position lies inside the pattern
//   (one past its end included) with a message, under the default and under tiny limits;
// - a compiled pattern stays within its limit of instructions;
// - matching ends (libFuzzer's -timeout reports a hang: the engine must be linear) and
//   gives the same answer twice, with and without a far deadline;
// - for short patterns over a small alphabet (letters, digits, space and . * + ? | ( ) [ ]
//   ^ - { } , \d \w \s) that both engines accept, the answer on short texts is the one
//   NSRegularExpression gives for `\A(?:pattern)\z` (ICU's own time is capped; inputs
//   where ICU gives up are not compared). Patterns that repeat something able to match
//   the empty text are not compared either: ICU stops such a loop at an empty iteration
//   without trying the other ways through it, so `(|a)*` does not match "a" there,
//   while the engine gives the regular language's answer (yes, as JavaScript does).

import Foundation

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

let tinyLimits = PatternLimits(maximumLength: 30, maximumInstructions: 20, maximumRepetitionCount: 5, maximumNesting: 3)
let simpleAlphabet = Set("abcxyz019 .*+?|()[]^-{},\\dws".unicodeScalars)

/// Whether `node` can match the empty text.
func isNullable(_ node: PatternNode) -> Bool {
    switch node {
    case .empty, .anchor: true
    case .scalar, .set: false
    case .concatenation(let nodes): nodes.allSatisfy(isNullable)
    case .alternation(let nodes): nodes.contains(where: isNullable)
    case .repetition(let child, let minimum, _, _): minimum == 0 || isNullable(child)
    }
}

/// Whether `node` repeats something that can match the empty text (where ICU differs).
func repeatsNullable(_ node: PatternNode) -> Bool {
    switch node {
    case .empty, .anchor, .scalar, .set: false
    case .concatenation(let nodes), .alternation(let nodes): nodes.contains(where: repeatsNullable)
    case .repetition(let child, _, _, _): isNullable(child) || repeatsNullable(child)
    }
}

func compile(_ source: String, limits: PatternLimits) -> Pattern? {
    do {
        let pattern = try Pattern(source, limits: limits)
        check(pattern.instructionCount <= limits.maximumInstructions + 1, "\(source.debugDescription): \(pattern.instructionCount) instructions")
        return pattern
    } catch {
        let count = source.unicodeScalars.count
        check(error.position >= 1 && error.position <= count + 1, "\(source.debugDescription): position \(error.position) of \(count)")
        check(!error.message.isEmpty, "\(source.debugDescription): empty message")
        return nil
    }
}

/// ICU's answer for the whole text, or nil when it fails to compile or takes too long.
func icuMatchesWhole(_ source: String, _ text: String) -> Bool? {
    guard let expression = try? NSRegularExpression(pattern: "\\A(?:" + source + ")\\z") else { return nil }
    let deadline = ContinuousClock.now + .milliseconds(200)
    var matched = false
    var gaveUp = false
    expression.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { result, _, stop in
        if result != nil {
            matched = true
            stop.pointee = true
        } else if ContinuousClock.now >= deadline {
            gaveUp = true
            stop.pointee = true
        }
    }
    return gaveUp ? nil : matched
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
    let source = String(decoding: parts[0], as: UTF8.self)
    let text = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""

    _ = compile(source, limits: tinyLimits)
    guard let pattern = compile(source, limits: PatternLimits()) else { return 0 }
    let answer = pattern.matchesWhole(text)
    check(pattern.matchesWhole(text) == answer, "\(source.debugDescription) on \(text.debugDescription): two answers")
    check(pattern.matchesWhole(text, deadline: .now + .seconds(3600)) == answer, "\(source.debugDescription): deadline changes the answer")

    let isSimple = source.unicodeScalars.count <= 16 && source.unicodeScalars.allSatisfy(simpleAlphabet.contains)
    var parser = PatternParser(source, limits: PatternLimits())
    guard isSimple, let (node, _) = try? parser.parse(), !repeatsNullable(node) else { return 0 }
    // Short texts from the same alphabet: the given one when it fits, and its prefixes.
    let scalars = Array(text.unicodeScalars.filter { simpleAlphabet.contains($0) }.prefix(12))
    for length in 0...scalars.count {
        var prefix = ""
        prefix.unicodeScalars.append(contentsOf: scalars[0..<length])
        guard let expected = icuMatchesWhole(source, prefix) else { return 0 }
        check(pattern.matchesWhole(prefix) == expected,
              "\(source.debugDescription) on \(prefix.debugDescription): \(!expected), NSRegularExpression says \(expected)")
    }
    return 0
}
