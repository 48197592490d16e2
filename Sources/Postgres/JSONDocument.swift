import Foundation

/// A JSON value for `jsonb` (or `json`) columns, kept as its JSON text. Build one from text or
/// from an `Encodable` value; read it back as text, as a `Decodable` type, or as Foundation
/// objects.
public struct JSONDocument: Sendable, Hashable, CustomStringConvertible {
    /// The JSON text.
    public let text: String

    /// Wraps JSON text as it is; PostgreSQL validates it when it is stored.
    public init(text: String) {
        self.text = text
    }

    /// Encodes `value` with a `JSONEncoder` (keys sorted, for stable output).
    public init<Value: Encodable>(encoding value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the JSON into `type` with a `JSONDecoder`.
    public func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// The JSON as Foundation objects (`[String: Any]`, `[Any]`, `String`, `NSNumber`, `NSNull`).
    public func jsonObject() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    public var description: String { text }
}

extension JSONDocument: PostgresArrayElement {
    public static var postgresType: PostgresType { .jsonb }
    public static var postgresArrayType: PostgresType { .jsonbArray }
    public func encodePostgresText(into buffer: inout [UInt8]) { buffer.append(contentsOf: text.utf8) }
}

extension JSONDocument: PostgresDecodable {
    /// Accepts `jsonb` (binary format: a version byte, then the text) and `json`.
    public static func decode(from cell: PostgresCell) throws -> JSONDocument {
        switch cell.type {
        case .jsonb:
            guard cell.bytes.first == 1 else { throw cell.invalid(JSONDocument.self, "unknown jsonb version") }
            return JSONDocument(text: String(decoding: UnsafeRawBufferPointer(rebasing: cell.bytes.dropFirst()), as: UTF8.self))
        case .json:
            return JSONDocument(text: cell.text)
        default:
            throw cell.mismatch(JSONDocument.self)
        }
    }
}
