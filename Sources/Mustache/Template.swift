import Synchronization

/// A parsed Mustache template: parse once, render many times from any thread.
///
/// Supports the whole Mustache spec (interpolation, sections, inverted sections,
/// comments, partials, set delimiters) plus the inheritance (`{{<parent}}`, `{{$block}}`)
/// and dynamic-names (`{{>*name}}`) extensions. Lambdas are not supported.
///
/// ```swift
/// let template = try Template("Hello {{name}}!")
/// let text = try template.render(["name": "<World>"])   // "Hello &lt;World&gt;!"
/// ```
///
/// To render pages with partials and layouts, load a ``TemplateLibrary``.
public struct Template: Sendable {
    /// The name used in error messages and by partial tags.
    public let name: String
    let program: Program
    private let outputSize: OutputSizeHint

    /// Default for ``init(_:name:file:maximumNesting:)``: sections, parents and blocks nested
    /// deeper than this are a parse error, which keeps rendering far from the stack limit.
    public static let defaultMaximumNesting = 100

    /// Parses `source`. `name` is how partial tags refer to it; `file` (the name when
    /// omitted) is what error messages show, typically the path it was read from.
    public init(
        _ source: String,
        name: String = "template",
        file: String? = nil,
        maximumNesting: Int = Template.defaultMaximumNesting
    ) throws(TemplateParseError) {
        let bytes = Array(source.utf8)
        self.name = name
        let nodes = try TemplateParser(source: bytes, file: file ?? name, maximumNesting: maximumNesting).parse()
        self.program = Program(name: name, nodes: nodes)
        self.outputSize = OutputSizeHint()
    }

    /// Renders against `context`, resolving partial and parent tags in `partials`.
    ///
    /// Missing partials render as the empty string, as the spec asks; use
    /// ``RenderOptions/strictPartials`` (the default of ``TemplateLibrary``) to make them an error.
    public func render(
        _ context: MustacheValue = .object([:]),
        partials: [String: Template] = [:],
        options: RenderOptions = RenderOptions(strictPartials: false)
    ) throws(TemplateRenderError) -> String {
        String(decoding: try renderBytes(context, partials: partials, options: options), as: UTF8.self)
    }

    /// Renders to UTF-8 bytes (what an HTTP body wants); see ``render(_:partials:options:)``.
    public func renderBytes(
        _ context: MustacheValue = .object([:]),
        partials: [String: Template] = [:],
        options: RenderOptions = RenderOptions(strictPartials: false)
    ) throws(TemplateRenderError) -> [UInt8] {
        try renderBytes(contexts: [context], partials: partials, options: options)
    }

    /// Renders with several context values stacked in order (later ones are searched first),
    /// so a layout model and a page model need not be merged into one dictionary.
    public func renderBytes(
        contexts: [MustacheValue],
        partials: [String: Template],
        options: RenderOptions
    ) throws(TemplateRenderError) -> [UInt8] {
        // Render straight into the result array's storage, sized from the previous render;
        // only output that outgrows it is copied once more.
        let capacity = min(outputSize.value + outputSize.value / 8 + 1024, 16 << 20)
        var failure: TemplateRenderError?
        var spilledOutput: [UInt8]?
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initializedCount in
            var renderer = Renderer(output: OutputBuffer(lending: buffer), partials: partials, options: options, contexts: contexts)
            do throws(TemplateRenderError) {
                try renderer.render(template: self)
            } catch {
                failure = error
                initializedCount = 0
                return
            }
            if renderer.output.spilled {
                spilledOutput = renderer.output.makeArray()
                initializedCount = 0
            } else {
                initializedCount = renderer.output.count
            }
        }
        if let failure { throw failure }
        let result = spilledOutput ?? output
        outputSize.record(result.count)
        return result
    }
}

/// Limits and policies for one render.
public struct RenderOptions: Sendable {
    /// When true, a partial or parent tag naming a template that does not exist is an
    /// error; when false it renders as the empty string (the spec's behaviour).
    public var strictPartials: Bool
    /// Partials and parents included inside each other deeper than this are an error
    /// (a partial that includes itself forever ends here instead of crashing).
    public var maximumPartialDepth: Int
    /// Sections, blocks and partials open at once while rendering (across partials)
    /// beyond this are an error, which bounds the stack a render can use.
    public var maximumRenderDepth: Int
    /// A render whose output grows past this many bytes stops with an error. Sections over
    /// lists and partials included several times can multiply output exponentially with
    /// nesting; this turns such a template into an error instead of exhausting memory.
    public var maximumOutputBytes: Int

    /// Sections entered (once per list item), partials, parents and blocks rendered beyond
    /// this many in one render are an error. Recursion that writes little or nothing can
    /// still take exponential time; this bounds the work as the output limit bounds memory.
    public var maximumRenderSteps: Int

    /// Default for ``maximumOutputBytes``: 64 MiB, far above any page.
    public static let defaultMaximumOutputBytes = 64 << 20
    /// Default for ``maximumRenderSteps``: ten million, far above any page.
    public static let defaultMaximumRenderSteps = 10_000_000

    public init(
        strictPartials: Bool = true,
        maximumPartialDepth: Int = 64,
        maximumRenderDepth: Int = 1000,
        maximumOutputBytes: Int = RenderOptions.defaultMaximumOutputBytes,
        maximumRenderSteps: Int = RenderOptions.defaultMaximumRenderSteps
    ) {
        self.strictPartials = strictPartials
        self.maximumPartialDepth = maximumPartialDepth
        self.maximumRenderDepth = maximumRenderDepth
        self.maximumOutputBytes = maximumOutputBytes
        self.maximumRenderSteps = maximumRenderSteps
    }
}

/// Remembers the size of the last output so the next render reserves enough at once.
private final class OutputSizeHint: Sendable {
    private let lastSize = Atomic<Int>(4096)

    var value: Int { lastSize.load(ordering: .relaxed) }

    func record(_ size: Int) {
        lastSize.store(size, ordering: .relaxed)
    }
}
