/// Re-indentation of standalone blocks (inheritance spec): the indentation common to a
/// block's lines is removed where the block is written and added back, at render time,
/// where its content lands. That lets a page write
///
///     {{$content}}
///     <h1>Leads</h1>
///     {{/content}}
///
/// and have it indented like the layout's `    {{$content}}{{/content}}` line.
enum BlockIndentation {
    /// Builds a block node; `standaloneIndent` is nil when the opening tag shares its line
    /// with text (then the content is used exactly as written).
    static func block(name: String, content: [Node], standaloneIndent: [UInt8]?) -> Node {
        guard let before = standaloneIndent else {
            return .block(name, content: content, indent: nil)
        }
        var atLineStart = true
        var common: [UInt8]?
        collectIndentation(content, atLineStart: &atLineStart, common: &common)
        let prefix = common ?? []
        var dedentAtLineStart = true
        let dedented = prefix.isEmpty ? content : dedent(content, prefix, atLineStart: &dedentAtLineStart)
        return .block(name, content: dedented, indent: prefix.isEmpty ? before : prefix)
    }

    private static func leadingWhitespace(_ bytes: [UInt8]) -> Int {
        var count = 0
        while count < bytes.count, bytes[count] == 0x20 || bytes[count] == 0x09 { count += 1 }
        return count
    }

    private static func merge(_ indentation: ArraySlice<UInt8>, into common: inout [UInt8]?) {
        guard let current = common else {
            common = Array(indentation)
            return
        }
        var length = 0
        while length < current.count, length < indentation.count,
              current[length] == indentation[indentation.startIndex + length] {
            length += 1
        }
        common = Array(current.prefix(length))
    }

    private static func collectIndentation(_ nodes: [Node], atLineStart: inout Bool, common: inout [UInt8]?) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                if atLineStart {
                    let whitespace = leadingWhitespace(bytes)
                    let isBlankLine = whitespace < bytes.count && (bytes[whitespace] == 0x0A || bytes[whitespace] == 0x0D)
                    if !isBlankLine {
                        merge(bytes[0..<whitespace], into: &common)
                    }
                }
                atLineStart = bytes.last == 0x0A
            case .variable:
                if atLineStart { merge([], into: &common) }
                atLineStart = false
            case .section(_, let children), .invertedSection(_, let children):
                collectIndentation(children, atLineStart: &atLineStart, common: &common)
            case .partial(_, let indent, _), .parent(_, _, let indent, _):
                if let indent {
                    merge(indent[...], into: &common)
                    atLineStart = true
                } else {
                    if atLineStart { merge([], into: &common) }
                    atLineStart = false
                }
            case .block(_, let content, let indent):
                if let indent {
                    merge(indent[...], into: &common)
                    atLineStart = true
                } else {
                    collectIndentation(content, atLineStart: &atLineStart, common: &common)
                }
            }
        }
    }

    private static func dropPrefix(_ prefix: [UInt8], from bytes: [UInt8]) -> [UInt8] {
        var length = 0
        while length < prefix.count, length < bytes.count, bytes[length] == prefix[length] { length += 1 }
        return Array(bytes[length...])
    }

    private static func dedent(_ nodes: [Node], _ prefix: [UInt8], atLineStart: inout Bool) -> [Node] {
        var result: [Node] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            switch node {
            case .text(let bytes):
                let kept = atLineStart ? dropPrefix(prefix, from: bytes) : bytes
                atLineStart = bytes.last == 0x0A
                if !kept.isEmpty { result.append(.text(kept)) }
            case .variable:
                atLineStart = false
                result.append(node)
            case .section(let name, let children):
                result.append(.section(name, dedent(children, prefix, atLineStart: &atLineStart)))
            case .invertedSection(let name, let children):
                result.append(.invertedSection(name, dedent(children, prefix, atLineStart: &atLineStart)))
            case .partial(let reference, let indent, let location):
                atLineStart = indent != nil
                result.append(.partial(reference, indent: indent.map { dropPrefix(prefix, from: $0) }, location: location))
            case .parent(let reference, let overrides, let indent, let location):
                atLineStart = indent != nil
                result.append(.parent(reference, overrides: overrides, indent: indent.map { dropPrefix(prefix, from: $0) }, location: location))
            case .block(let name, let content, let indent):
                if let indent {
                    atLineStart = true
                    result.append(.block(name, content: content, indent: dropPrefix(prefix, from: indent)))
                } else {
                    result.append(.block(name, content: dedent(content, prefix, atLineStart: &atLineStart), indent: nil))
                }
            }
        }
        return result
    }
}
