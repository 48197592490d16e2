/// A Swift value that can be handed to a template.
///
/// View models adopt it by building their ``MustacheValue`` directly, which costs one
/// dictionary per object and no encoding step:
///
/// ```swift
/// struct LeadRow: MustacheContextConvertible {
///     let id: Int64
///     let name: String
///     let email: String?
///
///     var mustacheValue: MustacheValue {
///         ["id": id.mustacheValue, "name": .string(name), "email": email.mustacheValue]
///     }
/// }
/// ```
public protocol MustacheContextConvertible {
    /// The value templates see.
    var mustacheValue: MustacheValue { get }
}

extension MustacheValue: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { self }
}

extension String: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .string(self) }
}

extension Substring: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .string(String(self)) }
}

extension Bool: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .bool(self) }
}

extension Int: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .int(self) }
}

extension Int32: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .int(Int(self)) }
}

extension Int64: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .int(Int(self)) }
}

extension Double: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .double(self) }
}

extension Optional: MustacheContextConvertible where Wrapped: MustacheContextConvertible {
    public var mustacheValue: MustacheValue {
        switch self {
        case .some(let value): return value.mustacheValue
        case .none: return .null
        }
    }
}

extension Array: MustacheContextConvertible where Element: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .list(map(\.mustacheValue)) }
}

extension Dictionary: MustacheContextConvertible where Key == String, Value: MustacheContextConvertible {
    public var mustacheValue: MustacheValue { .object(MustacheObject(mapValues(\.mustacheValue))) }
}
