extension Program {
    /// Whether the whole of `scalars` is matched: the NFA simulation that keeps the set of
    /// instructions every possible match could be at and advances them all one scalar at a
    /// time, so the work is at most (instructions x scalars), however the pattern nests,
    /// and nothing ever backtracks. Nil when `deadline` passed before the answer was known
    /// (the clock is read every 256 scalars).
    func matchesWhole(_ scalars: String.UnicodeScalarView, deadline: ContinuousClock.Instant?) -> Bool? {
        var simulation = Simulation(self)
        simulation.addClosure(of: 0)
        simulation.swapLists()
        var consumed = 0
        for scalar in scalars {
            consumed += 1
            if consumed & 255 == 0, let deadline, ContinuousClock.now >= deadline { return nil }
            if simulation.current.isEmpty { return false }
            simulation.step(scalar)
        }
        return simulation.current.contains { instructions[Int($0)].opcode == .match }
    }
}

/// The state of one run: the instructions reached so far (`current`), those the next scalar
/// reaches (`next`), and a mark per instruction so none is added twice in one step.
private struct Simulation {
    let program: Program
    var current: [Int32] = []
    var next: [Int32] = []
    private var marks: [UInt32]
    private var generation: UInt32 = 1
    private var stack: [Int32] = []

    init(_ program: Program) {
        self.program = program
        marks = [UInt32](repeating: 0, count: program.instructions.count)
        current.reserveCapacity(program.instructions.count)
        next.reserveCapacity(program.instructions.count)
    }

    /// Advances every instruction in `current` over `scalar` into `next`, then swaps them.
    mutating func step(_ scalar: Unicode.Scalar) {
        for pc in current {
            let instruction = program.instructions[Int(pc)]
            let accepts: Bool
            switch instruction.opcode {
            case .scalar: accepts = UInt32(instruction.first) == scalar.value
            case .set: accepts = program.sets[Int(instruction.first)].contains(scalar)
            case .split, .jump, .match: accepts = false
            }
            if accepts { addClosure(of: pc + 1) }
        }
        swapLists()
    }

    mutating func swapLists() {
        swap(&current, &next)
        next.removeAll(keepingCapacity: true)
        if generation == UInt32.max {
            for index in marks.indices { marks[index] = 0 }
            generation = 0
        }
        generation += 1
    }

    /// Adds to `next` every consuming (or matching) instruction reachable from `pc`
    /// through splits and jumps, each once.
    mutating func addClosure(of pc: Int32) {
        stack.append(pc)
        while let pc = stack.popLast() {
            let index = Int(pc)
            guard marks[index] != generation else { continue }
            marks[index] = generation
            let instruction = program.instructions[index]
            switch instruction.opcode {
            case .jump:
                stack.append(instruction.first)
            case .split:
                stack.append(instruction.second)
                stack.append(instruction.first)
            case .scalar, .set, .match:
                next.append(pc)
            }
        }
    }
}
