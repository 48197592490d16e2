/// Turns the token stream into a tree of ``Node`` values, checking that every section,
/// parent and block is closed by a matching tag and that nesting stays within a limit.
struct TemplateParser {
    private struct OpenFrame {
        let token: Token
        var children: [Node] = []
    }

    private let source: [UInt8]
    private let file: String
    private let maximumNesting: Int

    init(source: [UInt8], file: String, maximumNesting: Int) {
        self.source = source
        self.file = file
        self.maximumNesting = maximumNesting
    }

    func parse() throws(TemplateParseError) -> [Node] {
        var scanner = TemplateScanner(source: source, file: file)
        var tokens = try scanner.scan()
        StandaloneLines.apply(to: &tokens)
        return try buildTree(tokens)
    }

    private func buildTree(_ tokens: [Token]) throws(TemplateParseError) -> [Node] {
        var root: [Node] = []
        var frames: [OpenFrame] = []
        var pendingText: [UInt8] = []

        func append(_ node: Node) {
            if frames.isEmpty {
                root.append(node)
            } else {
                frames[frames.count - 1].children.append(node)
            }
        }
        func flushText() {
            if !pendingText.isEmpty {
                append(.text(pendingText))
                pendingText = []
            }
        }

        for token in tokens {
            switch token.kind {
            case .text:
                guard !token.isRemoved else { continue }
                pendingText.append(contentsOf: token.content)
                if token.content.last == 0x0A { flushText() }
            case .comment, .setDelimiters:
                continue
            case .variable, .unescapedVariable:
                flushText()
                append(.variable(try variableName(token), escaped: token.kind == .variable))
            case .partial:
                flushText()
                append(.partial(try reference(token), indent: token.standaloneIndent, location: location(token)))
            case .sectionOpen, .invertedOpen, .parent, .blockOpen:
                flushText()
                guard frames.count < maximumNesting else {
                    throw error(.nestingTooDeep(limit: maximumNesting), at: token.start)
                }
                frames.append(OpenFrame(token: token))
            case .close:
                flushText()
                guard let frame = frames.popLast() else {
                    throw error(.unexpectedClose(name: text(token.content)), at: token.start)
                }
                guard frame.token.content == token.content else {
                    throw error(.mismatchedClose(
                        expected: "/" + text(frame.token.content),
                        found: "/" + text(token.content),
                        opened: position(frame.token.start)
                    ), at: token.start)
                }
                append(try node(closing: frame))
            }
        }
        flushText()
        if let open = frames.last {
            throw error(.unclosedSection(
                kind: Self.kindName(open.token.kind),
                name: text(open.token.content),
                opened: position(open.token.start)
            ), at: open.token.start)
        }
        return root
    }

    private func node(closing frame: OpenFrame) throws(TemplateParseError) -> Node {
        let token = frame.token
        switch token.kind {
        case .invertedOpen:
            return .invertedSection(try variableName(token), frame.children)
        case .parent:
            var overrides: [String: [Node]] = [:]
            for child in frame.children {
                if case .block(let name, let content, _) = child {
                    overrides[name] = content
                }
            }
            return .parent(try reference(token), overrides: overrides, indent: token.standaloneIndent, location: location(token))
        case .blockOpen:
            return BlockIndentation.block(name: text(token.content), content: frame.children, standaloneIndent: token.standaloneIndent)
        default:
            return .section(try variableName(token), frame.children)
        }
    }

    private func variableName(_ token: Token) throws(TemplateParseError) -> VariableName {
        try variableName(token.content, at: token.start)
    }

    private func variableName(_ bytes: [UInt8], at offset: Int) throws(TemplateParseError) -> VariableName {
        if bytes == [UInt8(ascii: ".")] {
            return VariableName(parts: [])
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else {
            throw error(.invalidName(text(bytes)), at: offset)
        }
        return VariableName(parts: parts.map { String(decoding: $0, as: UTF8.self) })
    }

    private func reference(_ token: Token) throws(TemplateParseError) -> TemplateReference {
        if token.content.first == UInt8(ascii: "*") {
            let name = Array(token.content.dropFirst())
            guard !name.isEmpty else { throw error(.emptyName, at: token.start) }
            return .dynamic(try variableName(name, at: token.start))
        }
        return .fixed(text(token.content))
    }

    private func location(_ token: Token) -> TagLocation {
        TagLocation(template: file, position: position(token.start))
    }

    private func position(_ offset: Int) -> SourcePosition {
        SourcePosition(bytes: source, offset: offset)
    }

    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private func error(_ problem: TemplateParseError.Problem, at offset: Int) -> TemplateParseError {
        TemplateParseError(problem, file: file, source: source, offset: offset)
    }

    private static func kindName(_ kind: Token.Kind) -> String {
        switch kind {
        case .invertedOpen: return "inverted section"
        case .parent: return "parent"
        case .blockOpen: return "block"
        default: return "section"
        }
    }
}
