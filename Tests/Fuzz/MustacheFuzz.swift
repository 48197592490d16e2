// libFuzzer entry point for the Mustache engine. Not part of any SwiftPM target: `make
// fuzz-mustache` compiles it with Sources/Mustache/*.swift into one module.
//
// An input is split on NUL bytes into: the main template, partial `a`, partial `b` and a
// JSON context (missing pieces are empty; an unreadable context becomes a fixed object that
// names the partials, so dynamic names `{{>*p}}` resolve). The main template is also
// available as the partial `main`, so self-inclusion and mutual recursion happen. Checked:
// - a parse error's line and column lie within the source it came from (same for JSON);
// - every template renders or throws a render error, strict and lenient, with default and
//   with tiny depth limits (runaway recursion must end as an error, not a stack overflow);
// - a missing-partial render error points inside the template that holds the tag;
// - rendering the same compiled template twice gives the same bytes or the same error;
// - no render's output runs far past `RenderOptions.maximumOutputBytes` (1 MiB here), and
//   work that writes nothing ends at `maximumRenderSteps` (libFuzzer's -timeout catches hangs);
// - `{{x}}` of any input piece as a string has no raw `<` `>` `"` `'` and every `&`
//   starts one of the entities the escaper writes;
// - a TemplateLibrary of the same sources (strict and lenient) loads exactly when every
//   source parses and, strict, every fixed partial name exists; its render of `main` gives
//   the same bytes or the same error as rendering the template directly.

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

/// Checks that a 1-based line/column lies inside `text` (one past the end included).
func checkPosition(line: Int, column: Int, in text: String, what: String) {
    let bytes = Array(text.utf8)
    var lines = 1
    var longest = 0
    var current = 0
    for byte in bytes {
        if byte == 0x0A {
            lines += 1
            current = 0
        } else if byte & 0xC0 != 0x80 {
            current += 1
            longest = max(longest, current)
        }
    }
    check(line >= 1 && line <= lines, "\(what): line \(line) outside 1...\(lines)")
    check(column >= 1 && column <= longest + 1, "\(what): column \(column) outside 1...\(longest + 1)")
}

func pieces(_ bytes: [UInt8]) -> [String] {
    var result = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
    }
    while result.count < 4 { result.append("") }
    return result
}

let entities: [[UInt8]] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.utf8) }

func checkEscaped(_ text: String) {
    let template: Template
    do {
        template = try Template("[{{x}}]")
    } catch {
        check(false, "fixed template failed to parse: \(error)")
        return
    }
    let output: [UInt8]
    do {
        output = try template.renderBytes(["x": .string(text)])
    } catch {
        check(false, "escaping render threw: \(error)")
        return
    }
    let inner = output.dropFirst().dropLast()
    var index = inner.startIndex
    while index < inner.endIndex {
        let byte = inner[index]
        check(byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'"),
              "raw HTML-significant byte \(byte) in {{x}} output")
        if byte == UInt8(ascii: "&") {
            let rest = inner[index...]
            check(entities.contains { rest.starts(with: $0) }, "bare & in {{x}} output")
        }
        index += 1
    }
}

let fallbackContext: MustacheValue = [
    "p": "a", "q": "b", "m": "main", "x": "<&\"'>", "t": true, "f": false,
    "list": [1, ["p": "b", "x": "y"], "z", [1, 2]], "o": ["p": "main", "list": [true, false]],
]

/// Bounds on any one render's output and work; well above what the seeds need.
let outputLimit = 1 << 20
let stepLimit = 20_000

func renderTwice(_ template: Template, inputSize: Int, sources: [String: String], partials: [String: Template], context: MustacheValue, options: RenderOptions) {
    var first: Result<[UInt8], TemplateRenderError>
    do { first = .success(try template.renderBytes(context, partials: partials, options: options)) } catch { first = .failure(error) }
    var second: Result<[UInt8], TemplateRenderError>
    do { second = .success(try template.renderBytes(context, partials: partials, options: options)) } catch { second = .failure(error) }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        check(a == b, "two renders of the same template differ (\(a.count) vs \(b.count) bytes)")
        // The limit is checked when a section, partial or block starts, so output may pass
        // it by what the templates between two such points write: bounded by the input.
        check(a.count <= 2 * options.maximumOutputBytes + 64 * inputSize * inputSize, "output of \(a.count) bytes far exceeds the limit")
    case (.failure(let a), .failure(let b)):
        check(a.description == b.description, "two renders threw different errors: \(a) vs \(b)")
        checkRenderErrorLocation(a.description, sources: sources)
    default:
        check(false, "one render succeeded and the other threw")
    }
}

func checkLibrary(sources: [(String, String)], partials: [String: Template], context: MustacheValue) {
    let templateSources = sources.map { TemplateSource(name: $0.0, path: $0.0, text: $0.1) }
    for strict in [false, true] {
        let missingFixed = partials.values.contains { template in
            template.fixedReferences.contains { partials[$0.name] == nil }
        }
        let shouldLoad = partials.count == sources.count && !(strict && missingFixed)
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(sources: templateSources, options: .init(strictPartials: strict, maximumOutputBytes: outputLimit, maximumRenderSteps: stepLimit))
        } catch {
            check(!shouldLoad, "library refused sources that all parse: \(error)")
            check(!error.messages.isEmpty, "library error without messages")
            for message in error.messages {
                check(sources.contains { message.hasPrefix("\($0.0):") }, "library message names no source: \(message)")
            }
            continue
        }
        check(shouldLoad, "library loaded sources that should fail (strict: \(strict))")
        guard let main = partials["main"] else { continue }
        let options = RenderOptions(strictPartials: strict, maximumOutputBytes: outputLimit, maximumRenderSteps: stepLimit)
        var direct: Result<[UInt8], TemplateRenderError>
        do { direct = .success(try main.renderBytes(context, partials: partials, options: options)) } catch { direct = .failure(error) }
        var viaLibrary: Result<[UInt8], TemplateLibraryError>
        do { viaLibrary = .success(try library.renderBytes("main", context)) } catch { viaLibrary = .failure(error) }
        switch (direct, viaLibrary) {
        case (.success(let a), .success(let b)):
            check(a == b, "library render differs from the direct render")
        case (.failure(let a), .failure(let b)):
            check(b.messages == [a.description], "library render error \(b) differs from \(a)")
        default:
            check(false, "library and direct render disagree on success: \(direct) vs \(viaLibrary)")
        }
    }
}

/// `main:3:7: no template named 'x' for this partial` must name a source and a place in it.
func checkRenderErrorLocation(_ description: String, sources: [String: String]) {
    guard description.contains(": no template named '") else { return }
    let fields = description.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
    guard fields.count == 4, let source = sources[String(fields[0])], let line = Int(fields[1]), let column = Int(fields[2]) else {
        check(false, "missing-partial error without template:line:column: \(description)")
        return
    }
    checkPosition(line: line, column: column, in: source, what: "render error \(description)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = pieces(bytes)
    for part in parts { checkEscaped(part) }

    var context = fallbackContext
    do {
        context = try MustacheValue(jsonBytes: Array(parts[3].utf8))
    } catch {
        checkPosition(line: error.line, column: error.column, in: parts[3], what: "JSON error \(error)")
    }

    var partials: [String: Template] = [:]
    for (name, source) in [("main", parts[0]), ("a", parts[1]), ("b", parts[2])] {
        for nesting in [Template.defaultMaximumNesting, 3] {
            do {
                let template = try Template(source, name: name, maximumNesting: nesting)
                if nesting == Template.defaultMaximumNesting { partials[name] = template }
            } catch {
                check(error.file == name, "parse error names file \(error.file), not \(name)")
                checkPosition(line: error.line, column: error.column, in: source, what: "parse error \(error)")
            }
        }
    }
    checkLibrary(sources: [("main", parts[0]), ("a", parts[1]), ("b", parts[2])], partials: partials, context: context)
    guard let main = partials["main"] else { return 0 }
    let sources = ["main": parts[0], "a": parts[1], "b": parts[2]]
    for strict in [false, true] {
        for (partialDepth, renderDepth) in [(64, 1000), (4, 12)] {
            let options = RenderOptions(strictPartials: strict, maximumPartialDepth: partialDepth,
                                        maximumRenderDepth: renderDepth, maximumOutputBytes: outputLimit, maximumRenderSteps: stepLimit)
            renderTwice(main, inputSize: size, sources: sources, partials: partials, context: context, options: options)
            renderTwice(main, inputSize: size, sources: sources, partials: partials, context: fallbackContext, options: options)
        }
    }
    return 0
}
