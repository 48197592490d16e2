/// Writes CSV as RFC 4180 describes it: fields separated by commas, each record ended by
/// CRLF, and a field enclosed in double quotes (inner quotes doubled) when it holds a
/// comma, a quote, CR or LF.
///
/// Cells are text a person typed, and spreadsheet programs run a cell starting with `=`,
/// `+`, `-`, `@`, tab or CR as a formula ("CSV injection"); such cells get a leading `'`,
/// which spreadsheets show as text and which costs other readers one visible character.
///
/// ```swift
/// var csv = CSVWriter()
/// csv.appendRecord(["id", "email"])
/// csv.appendRecord(["1", "=HYPERLINK(...)"])   // written as '=HYPERLINK(...)
/// let bytes = csv.takeBytes()
/// ```
struct CSVWriter: Sendable {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one record.
    mutating func appendRecord(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendField(field)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// The bytes written since the last take, leaving the writer empty.
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes.removeAll(keepingCapacity: true)
        return taken
    }

    private mutating func appendField(_ field: String) {
        let utf8 = field.utf8
        let guarded = utf8.first.map(Self.startsFormula) ?? false
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
        if guarded { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
    }

    private static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }
}
