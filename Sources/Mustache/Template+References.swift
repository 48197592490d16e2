extension Template {
    /// Every partial and parent tag with a fixed name, with where it is written;
    /// lets a library report a missing partial before anything is rendered.
    var fixedReferences: [(name: String, location: TagLocation)] {
        var found: [(name: String, location: TagLocation)] = []
        for partial in program.partials {
            if case .fixed(let name) = partial.reference { found.append((name, partial.location)) }
        }
        for parent in program.parents {
            if case .fixed(let name) = parent.reference { found.append((name, parent.location)) }
        }
        return found.sorted { ($0.location.position.line, $0.location.position.column) < ($1.location.position.line, $1.location.position.column) }
    }
}
