/// A 1-based line and column (in characters) of a byte offset in UTF-8 source text.
/// Computed only when an error is reported, so parsing never tracks lines.
struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    let line: Int
    let column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(bytes: [UInt8], offset: Int) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        self.line = line
        self.column = column
    }

    var description: String { "\(line):\(column)" }
}
