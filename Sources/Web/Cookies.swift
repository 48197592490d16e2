import HTTP

/// The cookies a request carries, from its `Cookie` header(s): `name=value` pairs
/// separated by `;`. Values are taken as sent (surrounding double quotes removed); pairs
/// without `=` or with an empty name are skipped. When a name repeats, the first wins
/// (browsers send the most specific path first).
public struct RequestCookies: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    public init(headers: HTTPHeaders) {
        for header in headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingASCIISpaces()
                var value = pair[pair.index(after: equals)...].trimmingASCIISpaces()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                guard !name.isEmpty, values[name] == nil else { continue }
                values[name] = value
            }
        }
    }

    public subscript(name: String) -> String? { values[name] }
}

extension HTTPRequest {
    /// The request's cookies.
    public var cookies: RequestCookies { RequestCookies(headers: headers) }
}

/// One `Set-Cookie` header. Names with the `__Host-` prefix are always sent `Secure`,
/// with `Path=/` and no `Domain` (what browsers require to accept them); `__Secure-`
/// names are always `Secure`.
///
/// ```swift
/// var cookie = SetCookie(name: "__Host-session", value: token)
/// cookie.httpOnly = true
/// response.headers.add("Set-Cookie", cookie.headerValue)
/// ```
public struct SetCookie: Sendable, Equatable {
    public enum SameSite: String, Sendable {
        case strict = "Strict", lax = "Lax", none = "None"
    }

    public var name: String
    /// Sent as is; use only cookie-safe characters (tokens are base64url).
    public var value: String
    public var path: String? = "/"
    public var domain: String?
    /// Seconds until the browser drops it; 0 deletes it now; nil keeps it for the browser session.
    public var maxAge: Int?
    public var secure = false
    public var httpOnly = true
    public var sameSite: SameSite? = .lax

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A cookie that makes the browser forget `name` at once (same attributes, `Max-Age=0`).
    public static func expiring(_ name: String, secure: Bool) -> SetCookie {
        var cookie = SetCookie(name: name, value: "")
        cookie.maxAge = 0
        cookie.secure = secure
        return cookie
    }

    /// The header's value: `name=value; Path=/; Max-Age=...; Secure; HttpOnly; SameSite=Lax`.
    public var headerValue: String {
        let hostPrefixed = name.hasPrefix("__Host-")
        var parts = ["\(name)=\(value)"]
        if hostPrefixed {
            parts.append("Path=/")
        } else {
            if let path { parts.append("Path=\(path)") }
            if let domain { parts.append("Domain=\(domain)") }
        }
        if let maxAge {
            parts.append("Max-Age=\(max(maxAge, 0))")
            if maxAge <= 0 { parts.append("Expires=Thu, 01 Jan 1970 00:00:00 GMT") }
        }
        if secure || hostPrefixed || name.hasPrefix("__Secure-") || sameSite == SameSite.none {
            parts.append("Secure")
        }
        if httpOnly { parts.append("HttpOnly") }
        if let sameSite { parts.append("SameSite=\(sameSite.rawValue)") }
        return parts.joined(separator: "; ")
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
