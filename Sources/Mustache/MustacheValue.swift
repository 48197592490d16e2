/// A value a template can read: the context model of the engine.
///
/// View models build one by hand (the literal conformances keep that short) or adopt
/// ``MustacheContextConvertible``; the command line builds one from JSON with
/// ``MustacheValue/init(json:)``.
///
/// ```swift
/// let value: MustacheValue = [
///     "title": .string(page.title),
///     "count": .int(leads.count),
///     "leads": .list(leads.map(\.mustacheValue)),
/// ]
/// ```
public enum MustacheValue: Sendable, Equatable {
    /// Nothing: renders as the empty string, falsey in sections.
    case null
    /// Falsey when `false`; renders as `true` / `false`.
    case bool(Bool)
    /// An integer; always truthy.
    case int(Int)
    /// A decimal; integral values render without a fraction (`3.0` renders `3`).
    case double(Double)
    /// Text, HTML-escaped by `{{name}}`. The empty string is falsey in sections.
    case string(String)
    /// A list: sections repeat once per element; the empty list is falsey.
    case list([MustacheValue])
    /// Named values, looked up by `{{name}}` and dotted names `{{a.b}}`.
    case object(MustacheObject)

    /// Whether a section over this value renders (and an inverted section does not).
    ///
    /// `null`, `false`, the empty list and the empty string are falsey; everything else,
    /// including `0` and the empty object, is truthy.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .string(let value): return !value.isEmpty
        case .list(let values): return !values.isEmpty
        case .int, .double, .object: return true
        }
    }

    /// The value stored under `key` when this is an object, otherwise nil.
    @inlinable
    public subscript(key: String) -> MustacheValue? {
        if case .object(let fields) = self {
            return fields[key]
        }
        return nil
    }

    /// This object with the fields of `other` added (fields of `other` win).
    /// Anything that is not an object is returned unchanged. Rendering with several
    /// contexts (``TemplateLibrary/render(_:_:)``) avoids the copy this makes.
    public func merging(_ other: MustacheValue) -> MustacheValue {
        guard case .object(var fields) = self, case .object(let more) = other else {
            return self
        }
        for (key, value) in more {
            fields[key] = value
        }
        return .object(fields)
    }

    /// An object value from a dictionary.
    public static func object(_ dictionary: [String: MustacheValue]) -> MustacheValue {
        .object(MustacheObject(dictionary))
    }

    /// `.string(value)` when present, `.null` otherwise.
    public static func optional(_ value: String?) -> MustacheValue {
        value.map(MustacheValue.string) ?? .null
    }
}

extension MustacheValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension MustacheValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension MustacheValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension MustacheValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension MustacheValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension MustacheValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: MustacheValue...) {
        self = .list(elements)
    }
}

extension MustacheValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .object(MustacheObject(elements))
    }
}
