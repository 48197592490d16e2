import Foundation
import HTTP

/// Serves the files under one directory (`Public/`) from a catch-all route:
///
/// ```swift
/// let files = StaticFiles(root: "Public")
/// router.get("/static/*path", files.respond)
/// ```
///
/// - Content-Type by extension, `ETag` (size and modification time), `Last-Modified`,
///   304 for `If-None-Match` / `If-Modified-Since`, `Cache-Control: public, max-age=...`
///   (a year and `immutable` when the URL carries a version query, `?v=...`).
/// - Refuses, with a plain 404 that reveals nothing: `..` and `.` in any spelling (the
///   router already refuses them, encoded or not), NUL, encoded slashes and backslashes,
///   hidden files (`.name`), directories, anything that is not a regular file, and
///   anything whose real path (after symlinks) is outside the root.
/// - Without `revalidate` (production) the files under the root are read when the
///   `StaticFiles` is created and served from memory without locking; files added later
///   are found on first request. With `revalidate` (development) each request checks the
///   file's size and time and reloads it on change.
public struct StaticFiles: Sendable {
    public struct Options: Sendable {
        /// `max-age` for unversioned URLs, in seconds; 0 sends `no-cache` (browsers revalidate).
        public var maxAge: Int = 3600
        /// `max-age` for URLs with the version query parameter.
        public var versionedMaxAge: Int = 31_536_000
        /// The query parameter that marks a versioned URL (`/static/app.css?v=3`).
        public var versionParameter: String = "v"
        /// Check each file's size and time on every request and reload it when changed
        /// (development). Off, a file is read once and served from memory.
        public var revalidate: Bool = false
        /// Files up to this size are kept in memory.
        public var maxCachedFileBytes: Int = 512 * 1024
        /// The most bytes kept in memory for all files together.
        public var maxCacheBytes: Int = 32 << 20
        /// Files up to this size are read whole per request; larger ones are streamed.
        public var maxUnstreamedFileBytes: Int = 4 << 20
        /// The route parameter holding the file's path (`*path`).
        public var parameterName: String = "path"

        public init() {}
    }

    public let root: String
    public let options: Options
    /// Read at start-up and never changed, so lookups need no lock.
    private let preloaded: [String: StaticFile]
    /// Files found after start-up, and every file in development.
    private let cache: StaticFileCache
    private let cacheControl: String
    private let versionedCacheControl: String

    /// Serves the files under `root`. A root that does not exist (yet) answers 404s.
    public init(root: String, options: Options = Options()) {
        self.root = root
        self.options = options
        preloaded = options.revalidate ? [:] : Self.preload(root: root, options: options)
        let preloadedBytes = preloaded.values.reduce(0) { $0 + ($1.bytes?.count ?? 0) }
        cache = StaticFileCache(maxBytes: max(0, options.maxCacheBytes - preloadedBytes))
        cacheControl = options.maxAge > 0 ? "public, max-age=\(options.maxAge)" : "no-cache"
        versionedCacheControl = "public, max-age=\(options.versionedMaxAge), immutable"
    }

    /// The route handler.
    public func respond(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let relative = context.parameters[options.parameterName],
              let file = try file(at: relative)
        else {
            throw WebError.notFound()
        }
        let cacheControl = isVersioned(request, context) ? versionedCacheControl : self.cacheControl
        if Self.isNotModified(request.headers, file) {
            return HTTPResponse(status: .notModified, headers: [
                "ETag": file.etag, "Last-Modified": file.lastModified, "Cache-Control": cacheControl,
            ])
        }
        let headers: HTTPHeaders = [
            "Content-Type": file.contentType, "ETag": file.etag,
            "Last-Modified": file.lastModified, "Cache-Control": cacheControl,
        ]
        return HTTPResponse(status: .ok, headers: headers, body: try body(of: file))
    }

    /// The file for a router-checked relative path, from memory when possible.
    private func file(at relative: String) throws -> StaticFile? {
        // Only paths that passed the checks below are ever cached, so a hit needs none.
        if let file = preloaded[relative] { return file }
        if let cached = cache[relative] {
            if !options.revalidate { return cached }
            if let status = FileStatus(path: cached.resolvedPath), status.isRegularFile,
               status.size == cached.size, status.modified == cached.modified {
                return cached
            }
            cache.remove(relative)
        }
        // Hidden files and anything the router would not have produced are never served.
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty,
              segments.allSatisfy({ !$0.isEmpty && $0.first != "." && RequestPath.isSafeParameter(String($0)) })
        else { return nil }
        guard let loaded = Self.load(relative, root: root, options: options) else { return nil }
        cache.insert(loaded, for: relative)
        return loaded
    }

    /// Every servable file under `root` (not hidden, name acceptable to the router), up to
    /// the cache budget, nesting depth 16 and 10 000 files. Directories (symlinked or not)
    /// are entered only when their real path is inside the root, and each only once.
    private static func preload(root: String, options: Options) -> [String: StaticFile] {
        guard let rootPath = FileStatus.realPath(root) else { return [:] }
        let inside = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        var files: [String: StaticFile] = [:]
        var heldBytes = 0
        var visited: Set<String> = [rootPath]
        var pending: [(directory: String, prefix: String, depth: Int)] = [(rootPath, "", 0)]
        while let (directory, prefix, depth) = pending.popLast(), files.count < 10_000 {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.first != "." && RequestPath.isSafeParameter(name) {
                let path = directory + "/" + name
                let relative = prefix + name
                guard let status = FileStatus(path: path) else { continue }
                if !status.isRegularFile {
                    if depth < 16, let real = FileStatus.realPath(path), real.hasPrefix(inside),
                       visited.insert(real).inserted {
                        pending.append((path, relative + "/", depth + 1))
                    }
                    continue
                }
                guard let file = load(relative, root: root, options: options) else { continue }
                let size = file.bytes?.count ?? 0
                if heldBytes + size > options.maxCacheBytes { continue }
                heldBytes += size
                files[relative] = file
            }
        }
        return files
    }

    private static func load(_ relative: String, root: String, options: Options) -> StaticFile? {
        guard let rootPath = FileStatus.realPath(root),
              let resolved = FileStatus.realPath(rootPath + "/" + relative),
              resolved.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/"),
              let status = FileStatus(path: resolved), status.isRegularFile
        else { return nil }
        var bytes: [UInt8]?
        if status.size <= options.maxCachedFileBytes {
            guard let contents = FileStatus.read(resolved) else { return nil }
            bytes = contents
        }
        let fileName = relative.split(separator: "/").last ?? relative[...]
        return StaticFile(
            resolvedPath: resolved,
            size: bytes?.count ?? status.size,
            modified: status.modified,
            contentType: MediaTypes.forFileName(fileName),
            bytes: bytes
        )
    }

    private func body(of file: StaticFile) throws -> ResponseBody {
        if let bytes = file.bytes { return .bytes(bytes) }
        if file.size <= options.maxUnstreamedFileBytes {
            guard let bytes = FileStatus.read(file.resolvedPath) else { throw WebError.notFound() }
            return .bytes(bytes)
        }
        let path = file.resolvedPath
        return .stream { writer in try FileStatus.stream(path, to: writer) }
    }

    private func isVersioned(_ request: HTTPRequest, _ context: RequestContext) -> Bool {
        guard request.target.utf8.contains(UInt8(ascii: "?")) else { return false }
        return context.query.contains(options.versionParameter)
    }

    /// RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; otherwise
    /// If-Modified-Since against the file's time, in whole seconds.
    static func isNotModified(_ headers: HTTPHeaders, _ file: StaticFile) -> Bool {
        let noneMatch = headers.values("If-None-Match")
        if !noneMatch.isEmpty {
            let ours = file.etag.hasPrefix("W/") ? String(file.etag.dropFirst(2)) : file.etag
            for field in noneMatch {
                for candidate in field.split(separator: ",") {
                    var tag = candidate.trimmingCharacters(in: .whitespaces)
                    if tag == "*" { return true }
                    if tag.hasPrefix("W/") { tag.removeFirst(2) }
                    if tag == ours { return true }
                }
            }
            return false
        }
        if let since = headers["If-Modified-Since"], let date = HTTPDate.parse(since) {
            return file.modified.seconds <= date
        }
        return false
    }
}

/// One file as served: where it really is, its validators and, when small, its bytes.
struct StaticFile: Sendable {
    let resolvedPath: String
    let size: Int
    let modified: FileStatus.Time
    let contentType: String
    let bytes: [UInt8]?
    let etag: String
    let lastModified: String

    init(resolvedPath: String, size: Int, modified: FileStatus.Time, contentType: String, bytes: [UInt8]?) {
        self.resolvedPath = resolvedPath
        self.size = size
        self.modified = modified
        self.contentType = contentType
        self.bytes = bytes
        etag = "\"\(String(size, radix: 16))-\(String(modified.seconds, radix: 16))\(String(modified.nanoseconds, radix: 16))\""
        lastModified = HTTPDate.format(secondsSince1970: modified.seconds)
    }
}
