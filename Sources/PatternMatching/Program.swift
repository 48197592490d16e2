/// A pattern compiled to a Thompson NFA: a list of instructions run by
/// `Program.matchesWhole`. Instructions that consume a scalar continue at the next one.
struct Program: Sendable {
    enum Opcode: UInt8, Sendable {
        /// Consume the scalar whose value is `first`.
        case scalar
        /// Consume a scalar of `sets[first]`.
        case set
        /// Continue at both `first` and `second`.
        case split
        /// Continue at `first`.
        case jump
        /// The whole pattern matched here.
        case match
    }

    struct Instruction: Sendable, Equatable {
        var opcode: Opcode
        var first: Int32 = 0
        var second: Int32 = 0
    }

    let instructions: [Instruction]
    let sets: [ScalarSet]

    /// Compiles `node`; the caller has checked its size with `instructionCount`.
    init(_ node: PatternNode) {
        var compiler = Compiler()
        var code = compiler.fragment(node)
        code.append(Instruction(opcode: .match))
        instructions = code
        sets = compiler.sets
    }
}

/// Builds fragments: instruction lists whose jump targets count from the fragment's start
/// and whose exit is one past their end, so a fragment can be appended anywhere (and a
/// repetition's body compiled once and copied) by shifting its targets.
private struct Compiler {
    typealias Instruction = Program.Instruction
    var sets: [ScalarSet] = []

    mutating func fragment(_ node: PatternNode) -> [Instruction] {
        switch node {
        case .empty, .anchor:
            return []
        case .scalar(let scalar):
            return [Instruction(opcode: .scalar, first: Int32(scalar.value))]
        case .set(let set):
            sets.append(set)
            return [Instruction(opcode: .set, first: Int32(sets.count - 1))]
        case .concatenation(let nodes):
            var code: [Instruction] = []
            for node in nodes { Self.append(fragment(node), to: &code) }
            return code
        case .alternation(let nodes):
            return alternation(nodes.map { fragment($0) })
        case .repetition(let node, let minimum, let maximum, _):
            return repetition(fragment(node), minimum: minimum, maximum: maximum)
        }
    }

    /// `split next, rest` before every alternative but the last, `jump end` after each.
    private func alternation(_ alternatives: [[Instruction]]) -> [Instruction] {
        let end = alternatives.reduce(0) { $0 + $1.count + 2 } - 2
        var code: [Instruction] = []
        for (position, alternative) in alternatives.enumerated() {
            let isLast = position == alternatives.count - 1
            if !isLast {
                let start = Int32(code.count)
                code.append(Instruction(opcode: .split, first: start + 1, second: start + 2 + Int32(alternative.count)))
            }
            Self.append(alternative, to: &code)
            if !isLast { code.append(Instruction(opcode: .jump, first: Int32(end))) }
        }
        return code
    }

    private func repetition(_ body: [Instruction], minimum: Int, maximum: Int?) -> [Instruction] {
        var code: [Instruction] = []
        let copies = maximum == nil && minimum > 0 ? minimum - 1 : minimum
        for _ in 0..<copies { Self.append(body, to: &code) }
        if let maximum {
            // Each optional copy: split into it or past it.
            for _ in minimum..<maximum {
                let start = Int32(code.count)
                code.append(Instruction(opcode: .split, first: start + 1, second: start + 1 + Int32(body.count)))
                Self.append(body, to: &code)
            }
        } else if minimum > 0 {
            // The last required copy, then back into it or on.
            let start = Int32(code.count)
            Self.append(body, to: &code)
            code.append(Instruction(opcode: .split, first: start, second: Int32(code.count) + 1))
        } else {
            let start = Int32(code.count)
            code.append(Instruction(opcode: .split, first: start + 1, second: start + 2 + Int32(body.count)))
            Self.append(body, to: &code)
            code.append(Instruction(opcode: .jump, first: start))
        }
        return code
    }

    /// Appends `fragment` to `code`, shifting its targets by where it lands.
    private static func append(_ fragment: [Instruction], to code: inout [Instruction]) {
        let base = Int32(code.count)
        code.reserveCapacity(code.count + fragment.count)
        for var instruction in fragment {
            switch instruction.opcode {
            case .split:
                instruction.first += base
                instruction.second += base
            case .jump:
                instruction.first += base
            case .scalar, .set, .match:
                break
            }
            code.append(instruction)
        }
    }
}
