import Foundation
import Synchronization

/// All templates of an application, parsed at start-up and rendered by name.
///
/// Every `*.mustache` file under the directory becomes a template named by its path
/// without the extension (`leads/index`, `partials/nav`); partial and parent tags use
/// those names. Loading fails with every syntax error (`file:line:column: message`) and,
/// in strict mode, every partial tag that names no template.
///
/// ```swift
/// let library = try TemplateLibrary(directory: "Templates")
/// let html = try library.render("errors/error", layoutModel.mustacheValue, page.mustacheValue)
/// ```
///
/// Safe to use from many threads. With ``Options/reloadsChangedFiles`` the directory is
/// checked for changes at most once per ``Options/reloadCheckInterval`` and reparsed
/// when a file was added, removed or modified.
public final class TemplateLibrary: Sendable {
    /// How a library loads and renders.
    public struct Options: Sendable {
        /// How every render goes: strict partials (a partial or parent naming no template
        /// is then also an error at load time, for fixed names), depth, output and step
        /// limits. See ``RenderOptions``.
        public var rendering: RenderOptions
        /// Re-read the directory when files change (development).
        public var reloadsChangedFiles: Bool
        /// How often, at most, a render checks the directory for changes.
        public var reloadCheckInterval: Duration
        /// Sections, parents and blocks nested deeper than this are a parse error.
        public var maximumNesting: Int

        public init(
            strictPartials: Bool = true,
            reloadsChangedFiles: Bool = false,
            reloadCheckInterval: Duration = .seconds(1),
            maximumNesting: Int = Template.defaultMaximumNesting,
            maximumPartialDepth: Int = 64,
            maximumOutputBytes: Int = RenderOptions.defaultMaximumOutputBytes,
            maximumRenderSteps: Int = RenderOptions.defaultMaximumRenderSteps
        ) {
            rendering = RenderOptions(
                strictPartials: strictPartials,
                maximumPartialDepth: maximumPartialDepth,
                maximumOutputBytes: maximumOutputBytes,
                maximumRenderSteps: maximumRenderSteps
            )
            self.reloadsChangedFiles = reloadsChangedFiles
            self.reloadCheckInterval = reloadCheckInterval
            self.maximumNesting = maximumNesting
        }

        /// Strict partials, no reloading: what a production server wants.
        public static let production = Options()
        /// Strict partials, reloading changed files.
        public static let development = Options(reloadsChangedFiles: true)
    }

    private struct State {
        var templates: [String: Template]
        var stamp: TemplateDirectory.Stamp
        var lastCheck: ContinuousClock.Instant
        /// Set while the files on disk do not parse (development reloading).
        var reloadError: TemplateLibraryError?
    }

    private let directory: String?
    private let options: Options
    private let state: Mutex<State>

    /// Loads and parses every template under `directory`.
    public init(directory: String, options: Options = .production) throws(TemplateLibraryError) {
        self.directory = directory
        self.options = options
        let stamp = options.reloadsChangedFiles ? TemplateDirectory.stamp(directory) : TemplateDirectory.Stamp()
        let templates = try Self.parse(try TemplateDirectory.load(directory), options: options)
        self.state = Mutex(State(templates: templates, stamp: stamp, lastCheck: .now, reloadError: nil))
    }

    /// A library of in-memory templates (tests, tools); never reloads.
    public init(sources: [TemplateSource], options: Options = .production) throws(TemplateLibraryError) {
        self.directory = nil
        self.options = options
        let templates = try Self.parse(sources, options: options)
        self.state = Mutex(State(templates: templates, stamp: TemplateDirectory.Stamp(), lastCheck: .now, reloadError: nil))
    }

    /// Reads the `*.mustache` files under `directory` without parsing them.
    public static func sources(in directory: String) throws(TemplateLibraryError) -> [TemplateSource] {
        try TemplateDirectory.load(directory)
    }

    /// The names of all templates, sorted.
    public var names: [String] {
        state.withLock { $0.templates.keys.sorted() }
    }

    /// Renders the template `name` against `contexts` stacked in order (later values are
    /// searched first), e.g. the shared layout model and then the page's own model.
    public func render(_ name: String, _ contexts: MustacheValue...) throws(TemplateLibraryError) -> String {
        String(decoding: try renderBytes(name, contexts: contexts), as: UTF8.self)
    }

    /// Renders to UTF-8 bytes; see ``render(_:_:)``.
    public func renderBytes(_ name: String, _ contexts: MustacheValue...) throws(TemplateLibraryError) -> [UInt8] {
        try renderBytes(name, contexts: contexts)
    }

    /// Renders to UTF-8 bytes with the context values given as an array.
    public func renderBytes(_ name: String, contexts: [MustacheValue]) throws(TemplateLibraryError) -> [UInt8] {
        let templates = try currentTemplates()
        guard let template = templates[name] else {
            throw .unknownTemplate(name)
        }
        do {
            return try template.renderBytes(contexts: contexts.isEmpty ? [.object([:])] : contexts, partials: templates, options: options.rendering)
        } catch {
            throw .render(error)
        }
    }

    /// The parsed templates, reloaded first when due and something changed.
    private func currentTemplates() throws(TemplateLibraryError) -> [String: Template] {
        guard options.reloadsChangedFiles, let directory else {
            return state.withLock { $0.templates }
        }
        let result: Result<[String: Template], TemplateLibraryError> = state.withLock { state in
            let now = ContinuousClock.now
            if now - state.lastCheck >= options.reloadCheckInterval {
                state.lastCheck = now
                let stamp = TemplateDirectory.stamp(directory)
                if stamp != state.stamp {
                    state.stamp = stamp
                    do throws(TemplateLibraryError) {
                        state.templates = try Self.parse(try TemplateDirectory.load(directory), options: options)
                        state.reloadError = nil
                    } catch {
                        state.reloadError = error
                    }
                }
            }
            if let error = state.reloadError { return .failure(error) }
            return .success(state.templates)
        }
        return try result.get()
    }

    /// Parses every source, collecting all syntax errors, then (in strict mode) checks
    /// that every fixed partial name exists.
    private static func parse(_ sources: [TemplateSource], options: Options) throws(TemplateLibraryError) -> [String: Template] {
        var templates: [String: Template] = [:]
        var errors: [TemplateParseError] = []
        for source in sources {
            do {
                templates[source.name] = try Template(source.text, name: source.name, file: source.path, maximumNesting: options.maximumNesting)
            } catch {
                errors.append(error)
            }
        }
        var missing: [String] = []
        if options.rendering.strictPartials {
            for name in templates.keys.sorted() {
                guard let template = templates[name] else { continue }
                for reference in template.fixedReferences where templates[reference.name] == nil {
                    missing.append("\(reference.location.template):\(reference.location.position): no template named '\(reference.name)' for this partial")
                }
            }
        }
        if !errors.isEmpty || !missing.isEmpty {
            throw .invalidTemplates(errors, missingPartials: missing)
        }
        return templates
    }
}
