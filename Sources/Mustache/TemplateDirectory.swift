import Foundation

/// One `*.mustache` file found under a template directory.
public struct TemplateSource: Sendable, Equatable {
    /// The name partial tags use: the path below the directory without the extension,
    /// with `/` between folders (`partials/nav`).
    public let name: String
    /// The path as it appears in error messages (`Templates/partials/nav.mustache`).
    public let path: String
    /// The file's text.
    public let text: String

    public init(name: String, path: String, text: String) {
        self.name = name
        self.path = path
        self.text = text
    }
}

/// Finds template files and notices when they change.
enum TemplateDirectory {
    static let fileExtension = "mustache"

    /// What identifies the current state of the directory: every file's path, size and
    /// modification time. Two equal stamps mean nothing needs reloading.
    struct Stamp: Equatable, Sendable {
        var files: [String: FileState] = [:]
    }

    struct FileState: Equatable, Sendable {
        let size: Int
        let modified: Double
    }

    static func files(in directory: String) throws(TemplateLibraryError) -> [(name: String, path: String)] {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadable(path: directory, reason: "no such directory")
        }
        guard let enumerator = FileManager.default.enumerator(
            at: root,
            includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]
        ) else {
            throw .unreadable(path: directory, reason: "cannot list the directory")
        }
        let rootComponents = root.pathComponents
        var found: [(name: String, path: String)] = []
        for case let url as URL in enumerator where url.pathExtension == fileExtension {
            let components = Array(url.standardizedFileURL.pathComponents.dropFirst(rootComponents.count))
            guard !components.isEmpty else { continue }
            let relative = components.joined(separator: "/")
            let name = String(relative.dropLast(fileExtension.count + 1))
            let shownDirectory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            found.append((name, shownDirectory + "/" + relative))
        }
        return found.sorted { $0.name < $1.name }
    }

    static func load(_ directory: String) throws(TemplateLibraryError) -> [TemplateSource] {
        var sources: [TemplateSource] = []
        for file in try files(in: directory) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw .unreadable(path: file.path, reason: "cannot read the file")
            }
            sources.append(TemplateSource(name: file.name, path: file.path, text: String(decoding: data, as: UTF8.self)))
        }
        return sources
    }

    static func stamp(_ directory: String) -> Stamp {
        var stamp = Stamp()
        guard let files = try? files(in: directory) else { return stamp }
        for file in files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            stamp.files[file.path] = FileState(size: size, modified: modified)
        }
        return stamp
    }
}
