/// A template compiled for rendering: the tree flattened into an array of small,
/// reference-free operations, all text in one byte array and every name in a table.
/// Copying an operation costs no reference counting, which is what makes rendering fast.
final class Program: Sendable {
    /// One step of rendering. Sections, blocks and parents are followed by their
    /// content; `end` is the index just after it.
    enum Operation: Sendable {
        case text(start: Int32, end: Int32)
        case variable(name: Int32, escaped: Bool)
        case section(name: Int32, end: Int32)
        case invertedSection(name: Int32, end: Int32)
        case partial(Int32)
        /// The content up to `end` holds the parent's override blocks; see `Parent.overrides`.
        case parent(Int32, end: Int32)
        case block(Int32, end: Int32)
    }

    struct Partial: Sendable {
        let reference: TemplateReference
        let indent: [UInt8]?
        let location: TagLocation
    }

    struct Parent: Sendable {
        let reference: TemplateReference
        let indent: [UInt8]?
        let location: TagLocation
        /// Block name to the range of operations holding the overriding content.
        let overrides: [String: Range<Int>]
    }

    struct Block: Sendable {
        let name: String
        let indent: [UInt8]?
    }

    /// Where a name's parts sit in `keys` / `fingerprints`: plain integers, so reading it
    /// during rendering costs no reference counting.
    struct NameRange: Sendable {
        let start: Int32
        let count: Int32
    }

    let name: String
    let operations: [Operation]
    let text: [UInt8]
    let names: ContiguousArray<NameRange>
    let keys: ContiguousArray<String>
    let fingerprints: ContiguousArray<UInt64>
    let partials: [Partial]
    let parents: [Parent]
    let blocks: [Block]

    init(name: String, nodes: [Node]) {
        var compiler = Compiler()
        compiler.emit(nodes)
        self.name = name
        self.operations = compiler.operations
        self.text = compiler.text
        self.names = compiler.names
        self.keys = compiler.keys
        self.fingerprints = compiler.fingerprints
        self.partials = compiler.partials
        self.parents = compiler.parents
        self.blocks = compiler.blocks
    }
}

private struct Compiler {
    var operations: [Program.Operation] = []
    var text: [UInt8] = []
    var names: ContiguousArray<Program.NameRange> = []
    var keys: ContiguousArray<String> = []
    var fingerprints: ContiguousArray<UInt64> = []
    var nameIndex: [[String]: Int32] = [:]
    var partials: [Program.Partial] = []
    var parents: [Program.Parent] = []
    var blocks: [Program.Block] = []

    mutating func emit(_ nodes: [Node]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                let start = Int32(text.count)
                text.append(contentsOf: bytes)
                operations.append(.text(start: start, end: Int32(text.count)))
            case .variable(let name, let escaped):
                operations.append(.variable(name: intern(name), escaped: escaped))
            case .section(let name, let children):
                let at = reserve()
                emit(children)
                operations[at] = .section(name: intern(name), end: Int32(operations.count))
            case .invertedSection(let name, let children):
                let at = reserve()
                emit(children)
                operations[at] = .invertedSection(name: intern(name), end: Int32(operations.count))
            case .partial(let reference, let indent, let location):
                partials.append(Program.Partial(reference: reference, indent: indent, location: location))
                operations.append(.partial(Int32(partials.count - 1)))
            case .parent(let reference, let overrides, let indent, let location):
                let at = reserve()
                var ranges: [String: Range<Int>] = [:]
                for blockName in overrides.keys.sorted() {
                    let start = operations.count
                    emit(overrides[blockName] ?? [])
                    ranges[blockName] = start..<operations.count
                }
                parents.append(Program.Parent(reference: reference, indent: indent, location: location, overrides: ranges))
                operations[at] = .parent(Int32(parents.count - 1), end: Int32(operations.count))
            case .block(let name, let content, let indent):
                let at = reserve()
                emit(content)
                blocks.append(Program.Block(name: name, indent: indent))
                operations[at] = .block(Int32(blocks.count - 1), end: Int32(operations.count))
            }
        }
    }

    private mutating func reserve() -> Int {
        operations.append(.text(start: 0, end: 0))
        return operations.count - 1
    }

    private mutating func intern(_ name: VariableName) -> Int32 {
        if let index = nameIndex[name.parts] { return index }
        names.append(Program.NameRange(start: Int32(keys.count), count: Int32(name.parts.count)))
        keys.append(contentsOf: name.parts)
        fingerprints.append(contentsOf: name.fingerprints)
        let index = Int32(names.count - 1)
        nameIndex[name.parts] = index
        return index
    }
}
