/// Why a base64 or base64url string was rejected.
public struct Base64DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case invalidCharacter(UInt8, offset: Int)
        case misplacedPadding(offset: Int)
        case invalidLength(Int)
        case nonZeroTrailingBits
    }

    private let kind: Kind

    static func invalidCharacter(_ character: UInt8, offset: Int) -> Base64DecodingError {
        Base64DecodingError(kind: .invalidCharacter(character, offset: offset))
    }

    static func misplacedPadding(offset: Int) -> Base64DecodingError {
        Base64DecodingError(kind: .misplacedPadding(offset: offset))
    }

    static func invalidLength(_ count: Int) -> Base64DecodingError {
        Base64DecodingError(kind: .invalidLength(count))
    }

    static let nonZeroTrailingBits = Base64DecodingError(kind: .nonZeroTrailingBits)

    /// The zero-based byte offset of the offending character, when one character is to blame.
    public var offset: Int? {
        switch kind {
        case .invalidCharacter(_, let offset), .misplacedPadding(let offset): offset
        case .invalidLength, .nonZeroTrailingBits: nil
        }
    }

    public var description: String {
        switch kind {
        case .invalidCharacter(let character, let offset):
            let shown = (0x21...0x7e).contains(character)
                ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(Hex.encode([character]))"
            return "invalid base64 character \(shown) at offset \(offset)"
        case .misplacedPadding(let offset):
            return "unexpected '=' padding at offset \(offset)"
        case .invalidLength(let count):
            return "invalid base64 length \(count)"
        case .nonZeroTrailingBits:
            return "base64 text is not canonical: the unused bits of its last character are not zero"
        }
    }
}
