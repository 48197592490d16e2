/// Applies the spec's standalone rule: a line holding only whitespace and tags that
/// print nothing (sections, inverted sections, closing tags, comments, partials, parents,
/// blocks, set-delimiter tags) is removed entirely, whitespace and newline included.
///
/// Several such tags may share a line (`{{<layout}}{{$content}}`), which the inheritance
/// spec needs. One exception keeps the newline: an empty block on its own line
/// (`  {{$scripts}}{{/scripts}}`), so that the content substituted there keeps its line end.
enum StandaloneLines {
    static func apply(to tokens: inout [Token]) {
        var lineStart = 0
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let endsLine = token.kind == .text && token.content.last == 0x0A
            if endsLine || index == tokens.count - 1 {
                applyToLine(&tokens, lineStart..<(index + 1))
                lineStart = index + 1
            }
            index += 1
        }
    }

    private static func applyToLine(_ tokens: inout [Token], _ line: Range<Int>) {
        var tagIndices: [Int] = []
        for index in line {
            let token = tokens[index]
            if token.kind == .text {
                if !isBlank(token.content) { return }
            } else if token.canStandAlone {
                tagIndices.append(index)
            } else {
                return
            }
        }
        guard let firstTag = tagIndices.first else { return }
        var indent: [UInt8] = []
        for index in line.lowerBound..<firstTag {
            indent.append(contentsOf: tokens[index].content)
        }
        for index in tagIndices {
            tokens[index].standaloneIndent = indent
        }
        let keepsNewline = isEmptyBlock(tokens, tagIndices)
        for index in line where tokens[index].kind == .text {
            let content = tokens[index].content
            if keepsNewline, index == line.upperBound - 1, content.last == 0x0A {
                tokens[index].content = content.count >= 2 && content[content.count - 2] == 0x0D ? [0x0D, 0x0A] : [0x0A]
            } else {
                tokens[index].isRemoved = true
            }
        }
    }

    private static func isEmptyBlock(_ tokens: [Token], _ tagIndices: [Int]) -> Bool {
        guard tagIndices.count == 2 else { return false }
        let open = tokens[tagIndices[0]]
        let close = tokens[tagIndices[1]]
        return open.kind == .blockOpen && close.kind == .close && open.content == close.content
            && open.end == close.start
    }

    /// Spaces and tabs, optionally ending with `\n` or `\r\n`.
    private static func isBlank(_ text: [UInt8]) -> Bool {
        var count = text.count
        if count > 0, text[count - 1] == 0x0A {
            count -= 1
            if count > 0, text[count - 1] == 0x0D { count -= 1 }
        }
        for index in 0..<count where text[index] != 0x20 && text[index] != 0x09 {
            return false
        }
        return true
    }
}
