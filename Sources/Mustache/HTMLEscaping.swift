/// HTML escaping of interpolated values: `&` `<` `>` `"` `'` become `&amp;` `&lt;`
/// `&gt;` `&quot;` `&#39;`; everything else is copied in runs.
public enum HTMLEscaping {
    /// Bit n is set when byte n must be escaped (all five are below 64).
    private static let specialBytes: UInt64 = 1 << 0x22 | 1 << 0x26 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E

    private static let ampersand: [UInt8] = Array("&amp;".utf8)
    private static let lessThan: [UInt8] = Array("&lt;".utf8)
    private static let greaterThan: [UInt8] = Array("&gt;".utf8)
    private static let quote: [UInt8] = Array("&quot;".utf8)
    private static let apostrophe: [UInt8] = Array("&#39;".utf8)

    /// `text` with the five HTML-significant characters replaced by entities.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        appendEscaped(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes, to: &output)
        }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &output) }
        }
    }

    static func appendRaw(_ text: String, to output: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            output.append(contentsOf: bytes)
        }
        if done == nil {
            output.append(contentsOf: text.utf8)
        }
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 64, specialBytes & (1 << UInt64(byte)) != 0 {
                if runStart < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                }
                switch byte {
                case 0x26: output.append(contentsOf: ampersand)
                case 0x3C: output.append(contentsOf: lessThan)
                case 0x3E: output.append(contentsOf: greaterThan)
                case 0x22: output.append(contentsOf: quote)
                default: output.append(contentsOf: apostrophe)
                }
                runStart = index + 1
            }
            index += 1
        }
        if runStart < count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
    }
}

/// Numbers and booleans as templates print them.
enum NumberFormatting {
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)

    static func append(_ value: Int, to output: inout [UInt8]) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        let start = output.count
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[start...].reverse()
    }

    /// Integral values print without a fraction (`2.0` as `2`); others in Swift's
    /// shortest round-trip form (`1.21`).
    static func append(_ value: Double, to output: inout [UInt8]) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            append(Int(value), to: &output)
        } else {
            output.append(contentsOf: value.description.utf8)
        }
    }
}
