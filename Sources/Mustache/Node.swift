/// A name as written in a tag, split at dots once at parse time.
/// `{{.}}` (the implicit iterator) has no parts.
struct VariableName: Sendable, Equatable {
    let parts: [String]
    /// ``MustacheObject/fingerprint(_:)`` of each part, for fast lookups.
    let fingerprints: [UInt64]

    init(parts: [String]) {
        self.parts = parts
        self.fingerprints = parts.map(MustacheObject.fingerprint)
    }
}

/// The template a partial or parent tag names: fixed, or read from the context
/// (`{{>*name}}`, the dynamic-names extension).
enum TemplateReference: Sendable, Equatable {
    case fixed(String)
    case dynamic(VariableName)
}

/// Where a partial or parent tag sits, for error messages.
struct TagLocation: Sendable, Equatable {
    let template: String
    let position: SourcePosition
}

/// One element of a parsed template.
///
/// Text is split after every newline so that indentation (standalone partials, blocks)
/// can be applied at render time by looking at one node at a time.
indirect enum Node: Sendable {
    case text([UInt8])
    case variable(VariableName, escaped: Bool)
    case section(VariableName, [Node])
    case invertedSection(VariableName, [Node])
    /// `indent` is nil for an inline tag, the whitespace before a standalone tag otherwise.
    case partial(TemplateReference, indent: [UInt8]?, location: TagLocation)
    /// A parent tag `{{<name}}` with the blocks it overrides.
    case parent(TemplateReference, overrides: [String: [Node]], indent: [UInt8]?, location: TagLocation)
    /// A block `{{$name}}`: `indent` is nil when inline; when standalone, the
    /// indentation its (dedented) content is rendered with.
    case block(String, content: [Node], indent: [UInt8]?)
}
