/// Why a ``TemplateLibrary`` could not load its templates or render a page.
///
/// `description` has one `file:line:column: message` line per problem, so a start-up
/// failure lists every broken template at once.
public struct TemplateLibraryError: Error, CustomStringConvertible, Sendable {
    private enum Problem: Sendable {
        case invalidTemplates([TemplateParseError], missingPartials: [String])
        case unreadable(path: String, reason: String)
        case unknownTemplate(String)
        case render(TemplateRenderError)
    }

    private let problem: Problem

    private init(_ problem: Problem) {
        self.problem = problem
    }

    static func invalidTemplates(_ errors: [TemplateParseError], missingPartials: [String]) -> TemplateLibraryError {
        TemplateLibraryError(.invalidTemplates(errors, missingPartials: missingPartials))
    }

    static func unreadable(path: String, reason: String) -> TemplateLibraryError {
        TemplateLibraryError(.unreadable(path: path, reason: reason))
    }

    static func unknownTemplate(_ name: String) -> TemplateLibraryError {
        TemplateLibraryError(.unknownTemplate(name))
    }

    static func render(_ error: TemplateRenderError) -> TemplateLibraryError {
        TemplateLibraryError(.render(error))
    }

    /// One line per problem, each starting with `file:line:column:` when the problem
    /// has a place in a file.
    public var messages: [String] {
        switch problem {
        case .invalidTemplates(let errors, let missingPartials):
            return errors.map(\.description) + missingPartials
        case .unreadable(let path, let reason):
            return ["\(path): cannot read templates: \(reason)"]
        case .unknownTemplate(let name):
            return ["no template named '\(name)'"]
        case .render(let error):
            return [error.description]
        }
    }

    /// The syntax errors among the problems (empty for other kinds of failure).
    public var parseErrors: [TemplateParseError] {
        if case .invalidTemplates(let errors, _) = problem { return errors }
        return []
    }

    public var description: String {
        messages.joined(separator: "\n")
    }
}
