import Mustache

/// A one-time message shown at the top of the next page ("Whitelist entry added.").
/// Carried in the session between a POST and the page its redirect leads to.
public struct FlashMessage: Sendable, Equatable, Codable, MustacheContextConvertible {
    public enum Kind: String, Sendable, Codable {
        case success, error, info
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var mustacheValue: MustacheValue {
        ["kind": .string(kind.rawValue), "message": .string(message), "isError": .bool(kind == .error)]
    }
}
