/// A template that is not valid Mustache, with where and what was expected.
///
/// `description` reads `file:line:column: message`, for example
/// `Templates/leads/index.mustache:3:5: unclosed section 'items' opened at 3:5`.
public struct TemplateParseError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Problem: Sendable, Equatable {
        case unclosedTag(closing: String)
        case unclosedSection(kind: String, name: String, opened: SourcePosition)
        case mismatchedClose(expected: String, found: String, opened: SourcePosition)
        case unexpectedClose(name: String)
        case emptyName
        case invalidName(String)
        case invalidDelimiters(String)
        case nestingTooDeep(limit: Int)
    }

    let problem: Problem
    /// The file or template name the error is in.
    public let file: String
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column (in characters) of the problem.
    public let column: Int

    init(_ problem: Problem, file: String, source: [UInt8], offset: Int) {
        let position = SourcePosition(bytes: source, offset: offset)
        self.problem = problem
        self.file = file
        self.line = position.line
        self.column = position.column
    }

    /// What is wrong, without the location prefix.
    public var message: String {
        switch problem {
        case .unclosedTag(let closing):
            return "expected '\(closing)' to close the tag"
        case .unclosedSection(let kind, let name, let opened):
            return "unclosed \(kind) '\(name)' opened at \(opened)"
        case .mismatchedClose(let expected, let found, let opened):
            return "expected '\(expected)' to close the section opened at \(opened), found '\(found)'"
        case .unexpectedClose(let name):
            return "closing tag '\(name)' has no open section"
        case .emptyName:
            return "expected a name in the tag"
        case .invalidName(let name):
            return "invalid name '\(name)'"
        case .invalidDelimiters(let content):
            return "expected two delimiters without '=' or spaces, like '{{=<% %>=}}', found '\(content)'"
        case .nestingTooDeep(let limit):
            return "sections nested deeper than \(limit) levels"
        }
    }

    public var description: String {
        "\(file):\(line):\(column): \(message)"
    }
}
