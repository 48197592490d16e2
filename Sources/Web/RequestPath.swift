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
        guard path.first == "/" else { return nil }
        if path.utf8.count == 1 { return [] }
        var segments: [String] = []
        for piece in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if !piece.utf8.contains(UInt8(ascii: "%")) {
                segments.append(String(piece))
            } else if let decoded = try? PercentEncoding.decode(piece) {
                segments.append(decoded)
            } else {
                return nil
            }
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
}
