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

    /// Whether any of the eight bytes in `word` is one of the five special characters
    /// (may say yes for a word that needs nothing; never says no for one that does).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByte(_ value: UInt8) -> UInt64 {
            let difference = word ^ (ones &* UInt64(value))
            return (difference &- ones) & ~difference & highs
        }
        return (hasByte(0x26) | hasByte(0x3C) | hasByte(0x3E) | hasByte(0x22) | hasByte(0x27)) != 0
    }

    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        while index < count {
            // Skip eight bytes at a time while none of them needs escaping, then look at
            // the next eight (or the tail) one by one.
            while index + 8 <= count,
                  !mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            let chunkEnd = min(index + 8, count)
            while index < chunkEnd {
                let byte = base[index]
                if byte < 64, specialBytes & (1 << UInt64(byte)) != 0 {
                    if runStart < index {
                        output.append(base + runStart, count: index - runStart)
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
        }
        if runStart < count {
            output.append(base + runStart, count: count - runStart)
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
