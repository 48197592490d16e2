import Glibc

/// Why the server could not be configured or started.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case invalidSetting(name: String, value: String, expected: String)
        case invalidConfiguration(String)
        case system(call: String, code: Int32)
        case address(String)
        case alreadyStarted
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    static func invalidSetting(_ name: String, _ value: String, expected: String) -> HTTPServerError {
        HTTPServerError(.invalidSetting(name: name, value: value, expected: expected))
    }

    static func invalidConfiguration(_ message: String) -> HTTPServerError {
        HTTPServerError(.invalidConfiguration(message))
    }

    static func system(_ call: String, _ code: Int32 = errno) -> HTTPServerError {
        HTTPServerError(.system(call: call, code: code))
    }

    static func address(_ host: String) -> HTTPServerError {
        HTTPServerError(.address(host))
    }

    static let alreadyStarted = HTTPServerError(.alreadyStarted)

    /// The environment variable at fault, when the error is about a setting.
    public var settingName: String? {
        if case .invalidSetting(let name, _, _) = kind { return name }
        return nil
    }

    public var description: String {
        switch kind {
        case .invalidSetting(let name, let value, let expected):
            return "\(name) must be \(expected), not '\(value)'"
        case .invalidConfiguration(let message):
            return message
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case .address(let host):
            return "'\(host)' is not a numeric IPv4 or IPv6 address"
        case .alreadyStarted:
            return "the server was already started"
        }
    }
}
