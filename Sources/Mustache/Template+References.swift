extension Template {
    /// Every partial and parent tag with a fixed name, with where it is written;
    /// lets a library report a missing partial before anything is rendered.
    var fixedReferences: [(name: String, location: TagLocation)] {
        var found: [(name: String, location: TagLocation)] = []
        Self.collectReferences(nodes, into: &found)
        return found
    }

    private static func collectReferences(_ nodes: [Node], into found: inout [(name: String, location: TagLocation)]) {
        for node in nodes {
            switch node {
            case .text, .variable:
                continue
            case .section(_, let children), .invertedSection(_, let children):
                collectReferences(children, into: &found)
            case .block(_, let content, _):
                collectReferences(content, into: &found)
            case .partial(let reference, _, let location):
                if case .fixed(let name) = reference { found.append((name, location)) }
            case .parent(let reference, let overrides, _, let location):
                if case .fixed(let name) = reference { found.append((name, location)) }
                for name in overrides.keys.sorted() {
                    collectReferences(overrides[name] ?? [], into: &found)
                }
            }
        }
    }
}
