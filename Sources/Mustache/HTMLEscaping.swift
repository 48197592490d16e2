/// HTML escaping of interpolated values: `&` `<` `>` `"` `'` become `&amp;` `&lt;`
/// `&gt;` `&quot;` `&#39;`; everything else is copied in runs.
public enum HTMLEscaping {
    /// Bit n is set when byte n must be escaped (all five are below 64).
    private static let specialBytes: UInt64 = 1 << 0x22 | 1 << 0x26 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E


    /// `text` with the five HTML-significant characters replaced by entities.
    public static func escape(_ text: String) -> String {
        var output = OutputBuffer(capacity: text.utf8.count + 16)
        appendEscaped(text, to: &output)
        return String(decoding: output.makeArray(), as: UTF8.self)
    }

    static func appendEscaped(_ text: String, to output: inout OutputBuffer) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes, to: &output)
        }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &output) }
        }
    }

    static func appendRaw(_ text: String, to output: inout OutputBuffer) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            output.append(bytes)
        }
        if done == nil {
            output.append(Array(text.utf8))
        }
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 64, specialBytes & (1 << UInt64(byte)) != 0 {
                if runStart < index {
                    output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                }
                let entity: StaticString
                switch byte {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                default: entity = "&#39;"
                }
                output.append(entity.utf8Start, count: entity.utf8CodeUnitCount)
                runStart = index + 1
            }
            index += 1
        }
        if runStart < count {
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
    }
}

/// Numbers and booleans as templates print them.
enum NumberFormatting {

    static func append(_ value: Int, to output: inout OutputBuffer) {
        output.append(decimal: value)
    }

    /// Integral values print without a fraction (`2.0` as `2`); others in Swift's
    /// shortest round-trip form (`1.21`).
    static func append(_ value: Double, to output: inout OutputBuffer) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            output.append(decimal: Int(value))
        } else {
            output.append(Array(value.description.utf8))
        }
    }
}
