import Foundation
import HTTP

/// One decoded `name=value` pair of a query string or form body.
public typealias FormField = URLEncodedForm.Field

/// Named text values (route parameters, query parameters, form fields) read as typed
/// values. A value that is missing or does not parse throws the error its source
/// chooses: a route parameter that is not a number is a 404 (the address names nothing),
/// a query parameter or form field that is wrong is a 400.
public protocol TypedValues {
    /// The first value with this name, or nil.
    subscript(name: String) -> String? { get }
    /// The error for a required value that is absent.
    func missingValueError(_ name: String) -> any Error
    /// The error for a value that is present but not of the expected kind.
    func invalidValueError(_ name: String, expected: String) -> any Error
}

/// Typed values read from decoded `name=value` pairs (a query string or a form body).
/// Conformers supply the pairs and their errors; lookups come from this extension.
public protocol FieldValues: TypedValues {
    /// Every pair in the order sent.
    var fields: [FormField] { get }
}

extension FieldValues {
    /// The first value sent under `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first(where: { $0.name == name })?.value
    }

    /// Every value sent under `name` (checkboxes, multiple selects, `?tag=a&tag=b`).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// True when a pair named `name` was sent, even with an empty value.
    public func contains(_ name: String) -> Bool {
        fields.contains(where: { $0.name == name })
    }
}

extension TypedValues {
    /// The value as text; throws when absent.
    public func string(_ name: String) throws -> String {
        guard let value = self[name] else { throw missingValueError(name) }
        return value
    }

    /// A whole number in `Int64`'s range, written in decimal without sign or spaces
    /// except a leading `-`.
    public func int64(_ name: String) throws -> Int64 {
        try parse(name, expected: "a whole number", Self.decimalInt64)
    }

    public func int(_ name: String) throws -> Int {
        try parse(name, expected: "a whole number") { Self.decimalInt64($0).flatMap { Int(exactly: $0) } }
    }

    /// A UUID in its usual hyphenated spelling, either case.
    public func uuid(_ name: String) throws -> UUID {
        try parse(name, expected: "an identifier") { UUID(uuidString: $0) }
    }

    /// Nil when absent (or empty); throws when present but not a whole number.
    public func optionalInt64(_ name: String) throws -> Int64? {
        try optional(name) { try int64(name) }
    }

    public func optionalInt(_ name: String) throws -> Int? {
        try optional(name) { try int(name) }
    }

    public func optionalUUID(_ name: String) throws -> UUID? {
        try optional(name) { try uuid(name) }
    }

    private func optional<T>(_ name: String, _ read: () throws -> T) throws -> T? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return try read()
    }

    private func parse<T>(_ name: String, expected: String, _ convert: (String) -> T?) throws -> T {
        guard let text = self[name] else { throw missingValueError(name) }
        guard let value = convert(text) else { throw invalidValueError(name, expected: expected) }
        return value
    }

    /// Stricter than `Int64(_:)`: no `+`, no leading zeros beyond a lone `0`, at most 19 digits.
    static func decimalInt64(_ text: String) -> Int64? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.count <= 19,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              digits.count == 1 || digits.first != UInt8(ascii: "0")
        else { return nil }
        return Int64(text)
    }
}
