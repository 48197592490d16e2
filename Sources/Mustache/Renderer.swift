/// Runs compiled templates over a context stack, appending to one byte buffer.
///
/// Nothing is allocated per operation: text is copied from the program, names were
/// split at parse time, and values are escaped straight into the output.
struct Renderer: ~Copyable {
    private struct OverrideFrame {
        let program: Program
        let blocks: [String: Range<Int>]
    }

    private(set) var output: OutputBuffer
    private var stack: [MustacheValue]
    /// Block overrides of the parent tags being rendered, outermost first: the
    /// outermost override of a block wins (multi-level inheritance).
    private var overrides: [OverrideFrame] = []
    /// Indentation of the standalone partials and blocks being rendered.
    private var indentation: [UInt8] = []
    /// True at the start of an output line produced by template text, where the
    /// indentation is due before the next byte.
    private var atLineStart = false
    /// Names of the templates being rendered, outermost first (for error messages).
    private var chain: [String] = []
    /// Nested `run` calls, bounded by `RenderOptions.maximumRenderDepth`.
    private var depth = 0
    /// Calls to `run` so far, bounded by `RenderOptions.maximumRenderSteps`.
    private var steps = 0
    private let partials: [String: Template]
    private let options: RenderOptions

    init(output: consuming OutputBuffer, partials: [String: Template], options: RenderOptions, contexts: [MustacheValue]) {
        self.partials = partials
        self.options = options
        self.output = output
        self.stack = contexts
        self.stack.reserveCapacity(32)
    }

    mutating func render(template: Template) throws(TemplateRenderError) {
        chain.append(template.name)
        let program = template.program
        try run(program, 0..<program.operations.count)
        chain.removeLast()
    }

    private mutating func run(_ program: Program, _ range: Range<Int>) throws(TemplateRenderError) {
        depth += 1
        defer { depth -= 1 }
        if depth > options.maximumRenderDepth {
            throw .renderDepthExceeded(limit: options.maximumRenderDepth, chain: chain)
        }
        // Checked once per run: between two runs output grows by at most one program's text
        // and values, so the limit is overshot by a bounded amount, never exponentially.
        if output.count > options.maximumOutputBytes {
            throw .outputTooLarge(limit: options.maximumOutputBytes, chain: chain)
        }
        steps += 1
        if steps > options.maximumRenderSteps {
            throw .tooManySteps(limit: options.maximumRenderSteps, chain: chain)
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let operation = program.operations[index]
            index += 1
            switch operation {
            case .text(let start, let end):
                writeText(program, Int(start), Int(end))
            case .variable(let name, let escaped):
                if let value = lookup(program, Int(name)) {
                    write(value, escaped: escaped)
                }
            case .section(let name, let end):
                let content = index..<Int(end)
                index = Int(end)
                guard let value = lookup(program, Int(name)), value.isTruthy else { continue }
                if case .list(let items) = value {
                    for item in items {
                        stack.append(item)
                        try run(program, content)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    try run(program, content)
                    stack.removeLast()
                }
            case .invertedSection(let name, let end):
                let content = index..<Int(end)
                index = Int(end)
                if let value = lookup(program, Int(name)), value.isTruthy { continue }
                try run(program, content)
            case .partial(let partialIndex):
                let partial = program.partials[Int(partialIndex)]
                guard let template = try resolve(partial.reference, partial.location) else { continue }
                try include(template, indent: partial.indent)
            case .parent(let parentIndex, let end):
                index = Int(end)
                let parent = program.parents[Int(parentIndex)]
                guard let template = try resolve(parent.reference, parent.location) else { continue }
                overrides.append(OverrideFrame(program: program, blocks: parent.overrides))
                try include(template, indent: parent.indent)
                overrides.removeLast()
            case .block(let blockIndex, let end):
                let defaultContent = index..<Int(end)
                index = Int(end)
                let block = program.blocks[Int(blockIndex)]
                var source = program
                var content = defaultContent
                if let found = override(for: block.name) {
                    source = found.program
                    content = found.content
                }
                if let indent = block.indent {
                    let saved = indentation.count
                    indentation.append(contentsOf: indent)
                    atLineStart = true
                    try run(source, content)
                    indentation.removeLast(indentation.count - saved)
                } else {
                    try run(source, content)
                }
            }
        }
    }

    private mutating func include(_ template: Template, indent: [UInt8]?) throws(TemplateRenderError) {
        guard chain.count <= options.maximumPartialDepth else {
            throw .partialDepthExceeded(limit: options.maximumPartialDepth, chain: chain + [template.name])
        }
        if let indent {
            let saved = indentation.count
            indentation.append(contentsOf: indent)
            atLineStart = true
            try render(template: template)
            indentation.removeLast(indentation.count - saved)
        } else {
            try render(template: template)
        }
    }

    private func override(for name: String) -> (program: Program, content: Range<Int>)? {
        for frame in overrides {
            if let content = frame.blocks[name] { return (frame.program, content) }
        }
        return nil
    }

    private func resolve(_ reference: TemplateReference, _ location: TagLocation) throws(TemplateRenderError) -> Template? {
        let name: String
        switch reference {
        case .fixed(let fixed):
            name = fixed
        case .dynamic(let variable):
            guard case .string(let dynamic)? = lookup(variable) else { return nil }
            name = dynamic
        }
        if let template = partials[name] { return template }
        if options.strictPartials { throw .missingPartial(name, at: location) }
        return nil
    }

    /// Resolves a compiled name against the context stack: the first part in the
    /// innermost object that has it, the remaining parts inside that value only.
    private func lookup(_ program: Program, _ nameIndex: Int) -> MustacheValue? {
        let range = program.names[nameIndex]
        if range.count == 0 { return stack.last }
        let start = Int(range.start)
        let first = program.keys[start]
        let firstFingerprint = program.fingerprints[start]
        var found: MustacheValue?
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let fields) = stack[index], let value = fields.value(for: first, fingerprint: firstFingerprint) {
                found = value
                break
            }
            index -= 1
        }
        guard var value = found else { return nil }
        var part = start + 1
        let end = start + Int(range.count)
        while part < end {
            guard case .object(let fields) = value,
                  let next = fields.value(for: program.keys[part], fingerprint: program.fingerprints[part]) else { return nil }
            value = next
            part += 1
        }
        return value
    }

    /// Resolves a name (dynamic partial names) against the context stack. The same walk as
    /// `lookup(_:_:)` above, kept separate on purpose: sharing one closure-based resolver
    /// made every interpolation about 25% slower (bench/templates.sh).
    private func lookup(_ name: VariableName) -> MustacheValue? {
        let parts = name.parts
        guard let first = parts.first else { return stack.last }
        let firstFingerprint = name.fingerprints[0]
        var found: MustacheValue?
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let fields) = stack[index], let value = fields.value(for: first, fingerprint: firstFingerprint) {
                found = value
                break
            }
            index -= 1
        }
        guard var value = found else { return nil }
        var partIndex = 1
        while partIndex < parts.count {
            guard case .object(let fields) = value,
                  let next = fields.value(for: parts[partIndex], fingerprint: name.fingerprints[partIndex]) else { return nil }
            value = next
            partIndex += 1
        }
        return value
    }

    // MARK: - Output

    private mutating func writeText(_ program: Program, _ start: Int, _ end: Int) {
        let text = program.text
        if atLineStart {
            atLineStart = false
            if !indentation.isEmpty, text[start] != 0x0A, text[start] != 0x0D {
                output.append(indentation)
            }
        }
        text.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress {
                output.append(base + start, count: end - start)
            }
        }
        if text[end - 1] == 0x0A { atLineStart = true }
    }

    private mutating func startValue() {
        atLineStart = false
        if !indentation.isEmpty {
            output.append(indentation)
        }
    }

    private mutating func write(_ value: MustacheValue, escaped: Bool) {
        switch value {
        case .string(let string):
            if string.isEmpty { return }
            if atLineStart { startValue() }
            if escaped {
                HTMLEscaping.appendEscaped(string, to: &output)
            } else {
                HTMLEscaping.appendRaw(string, to: &output)
            }
        case .int(let number):
            if atLineStart { startValue() }
            NumberFormatting.append(number, to: &output)
        case .double(let number):
            if atLineStart { startValue() }
            NumberFormatting.append(number, to: &output)
        case .bool(let flag):
            if atLineStart { startValue() }
            let text: StaticString = flag ? "true" : "false"
            output.append(text.utf8Start, count: text.utf8CodeUnitCount)
        case .null, .list, .object:
            return
        }
    }
}
