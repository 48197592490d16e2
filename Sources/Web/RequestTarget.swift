import HTTP

/// Splits a request-target into path and query on its UTF-8 bytes, which is several times
/// cheaper than `HTTPRequestHead.path` / `.query` (Character-based) on the hot path.
/// Targets that are not origin-form defer to those properties for their exact rules.
enum RequestTarget {
    static func path(_ target: String) -> Substring {
        guard target.utf8.first == UInt8(ascii: "/") else {
            return HTTPRequestHead(method: .get, target: target).path
        }
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target[...] }
        return target[..<mark]
    }

    static func query(_ target: String) -> Substring? {
        guard target.utf8.first == UInt8(ascii: "/") else {
            return HTTPRequestHead(method: .get, target: target).query
        }
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return target[target.utf8.index(after: mark)...]
    }
}
