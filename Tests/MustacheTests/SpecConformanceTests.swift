import Foundation
import Mustache
import Testing

/// One case of the official Mustache spec suite, read from the JSON files in
/// `../shared/conformance/mustache-spec` (relative to the repository root).
struct SpecCase: CustomTestStringConvertible, Sendable {
    let file: String
    let index: Int
    let name: String
    let template: String
    let partials: [String: String]
    let data: MustacheValue
    let expected: String

    var testDescription: String { "\(file) #\(index) \(name)" }
}

enum SpecSuite {
    static let files = [
        "comments", "delimiters", "interpolation", "inverted",
        "partials", "sections", "~inheritance", "~dynamic-names",
    ]

    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // MustacheTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // repository root
            .appendingPathComponent("../shared/conformance/mustache-spec")
            .standardizedFileURL
    }

    /// Every case of every file; a file that is missing or unreadable becomes one case
    /// that fails with the reason, so the suite can never pass vacuously.
    static let cases: [SpecCase] = files.flatMap { file -> [SpecCase] in
        do {
            return try load(file)
        } catch {
            return [SpecCase(file: file, index: 0, name: "LOAD FAILURE: \(error)", template: "", partials: [:], data: .null, expected: "<spec file \(file).json could not be loaded from \(directory.path)>")]
        }
    }

    static func load(_ file: String) throws -> [SpecCase] {
        let url = directory.appendingPathComponent("\(file).json")
        let bytes = try [UInt8](Data(contentsOf: url))
        let document = try MustacheValue(jsonBytes: bytes)
        guard case .list(let tests)? = document["tests"] else {
            throw SpecLoadError(description: "\(url.path) has no 'tests' list")
        }
        return tests.enumerated().map { index, test in
            var partials: [String: String] = [:]
            if case .object(let fields)? = test["partials"] {
                for (name, value) in fields {
                    if case .string(let text) = value { partials[name] = text }
                }
            }
            return SpecCase(
                file: file,
                index: index,
                name: test["name"].flatMap(string) ?? "?",
                template: test["template"].flatMap(string) ?? "",
                partials: partials,
                data: test["data"] ?? .null,
                expected: test["expected"].flatMap(string) ?? ""
            )
        }
    }

    private static func string(_ value: MustacheValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }
}

struct SpecLoadError: Error, CustomStringConvertible {
    let description: String
}

@Suite struct SpecConformanceTests {
    @Test func everySpecFileIsPresent() {
        for file in SpecSuite.files {
            let path = SpecSuite.directory.appendingPathComponent("\(file).json").path
            #expect(FileManager.default.fileExists(atPath: path), "missing spec file \(path): the conformance suite must be at ../shared/conformance/mustache-spec")
        }
        #expect(SpecSuite.cases.count >= 180)
    }

    @Test(arguments: SpecSuite.cases)
    func specCase(_ spec: SpecCase) throws {
        var partials: [String: Template] = [:]
        for (name, source) in spec.partials {
            partials[name] = try Template(source, name: name)
        }
        let template = try Template(spec.template, name: spec.name)
        let output = try template.render(spec.data, partials: partials, options: RenderOptions(strictPartials: false))
        #expect(output == spec.expected, "\(spec.file): \(spec.name)\ntemplate: \(spec.template.debugDescription)")
    }
}
