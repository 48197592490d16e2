import HTTP

/// Turns a request's path into percent-decoded segments for the router, and says which
/// decoded values are safe to hand to a handler as parameters.
enum RequestPath {
    /// The decoded segments of `path` (the target before `?`): `/a/b%20c` is `["a", "b c"]`,
    /// `/` is `[]`, and a trailing slash leaves a final empty segment. Splitting happens
    /// before decoding, so `%2F` stays inside its segment. Nil for a path that names
    /// nothing: no leading `/`, a malformed escape, invalid UTF-8.
    static func segments(_ path: Substring) -> [String]? {
        // `HTTPRequestHead.path` has already reduced absolute-form targets to their path;
        // anything else without a leading `/` (`*`, authority-form) has nothing to route.
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        if utf8.count == 1 { return [] }
        // Split on the bytes: `/` is ASCII, so every boundary is a valid String index, and
        // this avoids Character-based splitting on the hot path.
        var segments: [String] = []
        var start = utf8.index(after: utf8.startIndex)
        var hasEscape = false
        var index = start
        while true {
            if index == utf8.endIndex || utf8[index] == UInt8(ascii: "/") {
                let piece = path[start..<index]
                if !hasEscape {
                    segments.append(String(piece))
                } else if let decoded = try? PercentEncoding.decode(piece) {
                    segments.append(decoded)
                } else {
                    return nil
                }
                if index == utf8.endIndex { return segments }
                index = utf8.index(after: index)
                start = index
                hasEscape = false
            } else {
                if utf8[index] == UInt8(ascii: "%") { hasEscape = true }
                index = utf8.index(after: index)
            }
        }
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
}
