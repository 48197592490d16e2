/// The shared engine behind `Base64` and `Base64URL`: one alphabet, with or without `=`
/// padding, and a strict decoder.
struct Base64Codec: Sendable {
    private let alphabet: [UInt8]
    /// Maps an ASCII byte to its 6-bit value, or `invalid`.
    private let values: [UInt8]
    private let padded: Bool
    private static let invalid: UInt8 = 0xff

    static let standard = Base64Codec(
        alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", padded: true)
    /// The standard alphabet without padding, as in PHC strings (argon2's encoded hashes).
    static let standardUnpadded = Base64Codec(
        alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", padded: false)
    static let url = Base64Codec(
        alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", padded: false)

    private init(alphabet: String, padded: Bool) {
        self.alphabet = Array(alphabet.utf8)
        var values = [UInt8](repeating: Base64Codec.invalid, count: 256)
        for (value, character) in self.alphabet.enumerated() {
            values[Int(character)] = UInt8(value)
        }
        self.values = values
        self.padded = padded
    }

    func encodedCount(forByteCount count: Int) -> Int {
        padded ? (count + 2) / 3 * 4 : (count * 4 + 2) / 3
    }

    func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let count = encodedCount(forByteCount: input.count)
        guard count > 0 else { return "" }
        let pad = UInt8(ascii: "=")
        return String(unsafeUninitializedCapacity: count) { output in
            alphabet.withUnsafeBufferPointer { alphabet in
                input.withUnsafeBufferPointer { input in
                    var read = 0
                    var written = 0
                    while read + 3 <= input.count {
                        let group = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8 | UInt32(input[read + 2])
                        output[written] = alphabet[Int(group >> 18 & 0x3f)]
                        output[written + 1] = alphabet[Int(group >> 12 & 0x3f)]
                        output[written + 2] = alphabet[Int(group >> 6 & 0x3f)]
                        output[written + 3] = alphabet[Int(group & 0x3f)]
                        read += 3
                        written += 4
                    }
                    switch input.count - read {
                    case 1:
                        let group = UInt32(input[read]) << 16
                        output[written] = alphabet[Int(group >> 18 & 0x3f)]
                        output[written + 1] = alphabet[Int(group >> 12 & 0x3f)]
                        written += 2
                        if padded {
                            output[written] = pad
                            output[written + 1] = pad
                            written += 2
                        }
                    case 2:
                        let group = UInt32(input[read]) << 16 | UInt32(input[read + 1]) << 8
                        output[written] = alphabet[Int(group >> 18 & 0x3f)]
                        output[written + 1] = alphabet[Int(group >> 12 & 0x3f)]
                        output[written + 2] = alphabet[Int(group >> 6 & 0x3f)]
                        written += 3
                        if padded {
                            output[written] = pad
                            written += 1
                        }
                    default:
                        break
                    }
                    return written
                }
            }
        }
    }

    /// Decodes `text`, rejecting anything but the canonical encoding: characters outside
    /// the alphabet (whitespace included), wrong length, misplaced or (for the unpadded
    /// form) any padding, and non-zero bits after the last whole byte.
    func decode(_ text: some Collection<UInt8>) throws(Base64DecodingError) -> [UInt8] {
        let input = Array(text)
        var dataCount = input.count
        if padded {
            guard input.count % 4 == 0 else { throw .invalidLength(input.count) }
            var padding = 0
            while padding < 2, dataCount > 0, input[dataCount - 1] == UInt8(ascii: "=") {
                dataCount -= 1
                padding += 1
            }
        } else if input.count % 4 == 1 {
            throw .invalidLength(input.count)
        }
        var output: [UInt8] = []
        output.reserveCapacity(dataCount * 3 / 4)
        try values.withUnsafeBufferPointer { (values) throws(Base64DecodingError) in
            var accumulator: UInt32 = 0
            var bitCount = 0
            for offset in 0..<dataCount {
                let character = input[offset]
                let value = values[Int(character)]
                guard value != Base64Codec.invalid else {
                    throw character == UInt8(ascii: "=")
                        ? .misplacedPadding(offset: offset) : .invalidCharacter(character, offset: offset)
                }
                accumulator = accumulator << 6 | UInt32(value)
                bitCount += 6
                if bitCount >= 8 {
                    bitCount -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                    accumulator &= (1 << UInt32(bitCount)) - 1
                }
            }
            guard accumulator == 0 else { throw .nonZeroTrailingBits }
        }
        return output
    }
}
