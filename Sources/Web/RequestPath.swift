/// Turns a request's path into percent-decoded segments for the router, and says which
/// decoded values are safe to hand to a handler as parameters.
enum RequestPath {
    /// The decoded segments of `path` (the target before `?`): `/a/b%20c` is `["a", "b c"]`,
    /// `/` is `[]`, and a trailing slash leaves a final empty segment. Splitting happens
    /// before decoding, so `%2F` stays inside its segment. Nil for a path that names
    /// nothing: not origin-form or absolute-form, a malformed escape, invalid UTF-8.
    static func segments(_ path: Substring) -> [String]? {
        guard let absolute = originForm(path) else { return nil }
        if absolute.utf8.count == 1 { return [] }
        var segments: [String] = []
        for piece in absolute.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let decoded = URLEncoding.decode(piece, plusAsSpace: false) else { return nil }
            segments.append(decoded)
        }
        return segments
    }

    /// A parameter value must not be able to step outside the directory or path it is
    /// used in: not empty, `.` or `..`, and no `/`, `\` or NUL (even when they arrived
    /// percent-encoded).
    static func isSafeParameter(_ value: String) -> Bool {
        let utf8 = value.utf8
        if utf8.isEmpty { return false }
        if value == "." || value == ".." { return false }
        return !utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == 0 }
    }

    /// The path of an origin-form target (`/x`), or of an absolute-form target
    /// (`http://host/x`, which a proxy may send). Anything else (`*`, authority-form) has
    /// no path to route.
    private static func originForm(_ path: Substring) -> Substring? {
        if path.first == "/" { return path }
        for scheme in ["http://", "https://"] where path.utf8.count > scheme.utf8.count {
            let head = path.prefix(scheme.count)
            guard head.lowercased() == scheme else { continue }
            let afterScheme = path.dropFirst(scheme.count)
            guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
            return afterScheme[slash...]
        }
        return nil
    }
}
