/// A render that could not finish: a missing partial (in strict mode), partials included
/// inside each other too deeply, or output or work past the limits of ``RenderOptions``.
public struct TemplateRenderError: Error, CustomStringConvertible, Sendable {
    private enum Problem: Sendable {
        case missingPartial(name: String, location: TagLocation)
        case partialDepthExceeded(limit: Int, chain: [String])
        case renderDepthExceeded(limit: Int, chain: [String])
        case outputTooLarge(limit: Int, chain: [String])
        case tooManySteps(limit: Int, chain: [String])
    }

    private let problem: Problem

    private init(_ problem: Problem) {
        self.problem = problem
    }

    static func missingPartial(_ name: String, at location: TagLocation) -> TemplateRenderError {
        TemplateRenderError(.missingPartial(name: name, location: location))
    }

    static func partialDepthExceeded(limit: Int, chain: [String]) -> TemplateRenderError {
        TemplateRenderError(.partialDepthExceeded(limit: limit, chain: chain))
    }

    static func renderDepthExceeded(limit: Int, chain: [String]) -> TemplateRenderError {
        TemplateRenderError(.renderDepthExceeded(limit: limit, chain: chain))
    }

    static func outputTooLarge(limit: Int, chain: [String]) -> TemplateRenderError {
        TemplateRenderError(.outputTooLarge(limit: limit, chain: chain))
    }

    static func tooManySteps(limit: Int, chain: [String]) -> TemplateRenderError {
        TemplateRenderError(.tooManySteps(limit: limit, chain: chain))
    }

    public var description: String {
        switch problem {
        case .missingPartial(let name, let location):
            return "\(location.template):\(location.position): no template named '\(name)' for this partial"
        case .partialDepthExceeded(let limit, let chain):
            let shown = chain.count > 8 ? chain.prefix(4) + ["..."] + chain.suffix(4) : chain[...]
            return "partials nested deeper than \(limit) levels (runaway recursion?): \(shown.joined(separator: " > "))"
        case .renderDepthExceeded(let limit, let chain):
            let shown = chain.count > 8 ? chain.prefix(4) + ["..."] + chain.suffix(4) : chain[...]
            return "sections and partials nested deeper than \(limit) levels while rendering: \(shown.joined(separator: " > "))"
        case .outputTooLarge(let limit, let chain):
            let shown = chain.count > 8 ? chain.prefix(4) + ["..."] + chain.suffix(4) : chain[...]
            return "output grew past \(limit) bytes (sections or partials repeating too often?): \(shown.joined(separator: " > "))"
        case .tooManySteps(let limit, let chain):
            let shown = chain.count > 8 ? chain.prefix(4) + ["..."] + chain.suffix(4) : chain[...]
            return "more than \(limit) sections, partials and blocks rendered (runaway recursion?): \(shown.joined(separator: " > "))"
        }
    }
}
