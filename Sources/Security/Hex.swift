/// Lowercase hexadecimal encoding of bytes, as used for digests and tokens.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Returns `bytes` as two lowercase hexadecimal digits per byte.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let count = bytes.count * 2
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { output in
            digits.withUnsafeBufferPointer { digits in
                var index = 0
                for byte in bytes {
                    output[index] = digits[Int(byte >> 4)]
                    output[index + 1] = digits[Int(byte & 0x0f)]
                    index += 2
                }
            }
            return count
        }
    }

    /// Decodes hexadecimal digits (either case) into bytes; returns nil when the string has
    /// an odd length or any character that is not a hexadecimal digit.
    public static func decode(_ string: String) -> [UInt8]? {
        let utf8 = string.utf8
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for character in utf8 {
            guard let value = nibble(character) else { return nil }
            if let pendingHigh = high {
                bytes.append(pendingHigh << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
