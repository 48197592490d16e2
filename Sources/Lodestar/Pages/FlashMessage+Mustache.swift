import Mustache
import Web

extension FlashMessage: MustacheContextConvertible {
    public var mustacheValue: MustacheValue {
        ["kind": .string(kind.rawValue), "message": .string(message), "isError": .bool(kind == .error)]
    }
}
