import HTTP

/// One application answering on two hosts, each for its own paths: paths whose first
/// segment is one of `secondarySegments` are served only on the secondary host, those
/// under `sharedSegments` on any host, and every other path only on the primary host.
/// Anything else is a 404, as if the path did not exist there. Decided on the decoded
/// first segment, so `/%66/x` counts as `/f/x`.
///
/// ```swift
/// var configuration = WebResponder.Configuration()
/// configuration.hostPartition = try HostPartition(
///     primaryURL: "https://app.example.com", secondaryURL: "https://go.example.com",
///     secondarySegments: ["f"], sharedSegments: ["static"])
/// ```
///
/// Hosts are compared by name (ports aside: cookies do not tell ports apart either, so
/// the two must be different names). The name is the request's `Host` header, or the
/// authority of an absolute-form target, which RFC 9112 section 3.2.2 says takes
/// precedence. A reverse proxy in front must pass `Host` on.
public struct HostPartition: Sendable {
    public let primaryHost: String
    public let secondaryHost: String
    public let secondarySegments: Set<String>
    public let sharedSegments: Set<String>

    /// Throws when either URL is not an absolute http(s) URL with a host, or both name
    /// the same host.
    public init(
        primaryURL: String, secondaryURL: String, secondarySegments: Set<String>, sharedSegments: Set<String>
    ) throws(SiteHostError) {
        primaryHost = try SiteHost.of(url: primaryURL)
        secondaryHost = try SiteHost.of(url: secondaryURL)
        guard primaryHost != secondaryHost else {
            throw SiteHostError("'\(secondaryURL)' must name another host than '\(primaryURL)' (cookies do not tell ports apart)")
        }
        self.secondarySegments = secondarySegments
        self.sharedSegments = sharedSegments
    }

    /// Whether the request's host serves its path.
    public func allows(_ request: HTTPRequest) -> Bool {
        let first = RequestPath.segments(RequestTarget.path(request.target))?.first ?? ""
        if sharedSegments.contains(first) { return true }
        let host = SiteHost.requested(by: request)
        return host == (secondarySegments.contains(first) ? secondaryHost : primaryHost)
    }
}

/// Host names as `HostPartition` compares them: lowercase, without port, brackets or a
/// trailing dot.
public enum SiteHost {
    /// The host of `scheme://host[:port][/...]`; throws for anything else (credentials too).
    public static func of(url: String) throws(SiteHostError) -> String {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            throw SiteHostError("'\(url)' is not an http:// or https:// URL")
        }
        let authority = lowered.drop(while: { $0 != ":" }).dropFirst(3).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@"), let host = name(authority) else { throw SiteHostError("'\(url)' has no usable host") }
        return host
    }

    /// The host the request asked for: from an absolute-form target, else from `Host`.
    static func requested(by request: HTTPRequest) -> String? {
        let target = request.target
        if !target.hasPrefix("/"), let range = target.range(of: "://") {
            return name(target[range.upperBound...].prefix { $0 != "/" && $0 != "?" })
        }
        return request.headers["Host"].flatMap { name($0[...]) }
    }

    /// The name in `host[:port]` or `[v6][:port]`; nil when malformed or empty.
    static func name(_ authority: Substring) -> String? {
        var host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        return host.isEmpty ? nil : host.lowercased()
    }
}

/// A site URL that cannot be used, saying why.
public struct SiteHostError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
