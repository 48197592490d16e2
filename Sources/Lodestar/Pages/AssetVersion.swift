import Foundation
import Security

/// The `?v=` fingerprint of the static files: the first 12 hex digits of a SHA-256 over
/// the names and contents of every file under the public directory, computed once at
/// start-up, so a deploy that changes a file changes every asset URL (they are cached as
/// immutable). An unreadable directory gives "0".
enum AssetVersion {
    static func compute(publicDirectory: String) -> String {
        let root = URL(fileURLWithPath: publicDirectory)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return "0"
        }
        var files: [URL] = []
        for case let url as URL in enumerator
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        guard !files.isEmpty else { return "0" }
        var hasher = SHA256()
        for url in files.sorted(by: { $0.path < $1.path }) {
            hasher.update(url.path.dropFirst(root.path.count).utf8)
            hasher.update([0])
            if let data = try? Data(contentsOf: url) {
                hasher.update(data)
            }
            hasher.update([0])
        }
        return String(hasher.finalize().hex.prefix(12))
    }
}
