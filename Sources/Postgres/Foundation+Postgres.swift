import Foundation

/// `timestamptz`, with PostgreSQL's microsecond precision (finer parts are rounded).
extension Date: PostgresArrayElement {
    public static var postgresType: PostgresType { .timestamptz }
    public static var postgresArrayType: PostgresType { .timestamptzArray }

    /// Microseconds since 1970-01-01 00:00 UTC, rounded.
    var microsecondsSince1970: Int64 {
        // Work from the reference date (2001) to keep the Double small and exact at µs.
        let sinceReference = (timeIntervalSinceReferenceDate * 1_000_000).rounded()
        return Int64(sinceReference) + 978_307_200_000_000
    }

    /// Writes `YYYY-MM-DD HH:MM:SS.ffffff+00`.
    public func encodePostgresText(into buffer: inout [UInt8]) {
        if self == .distantFuture {
            buffer.append(contentsOf: "infinity".utf8)
            return
        }
        if self == .distantPast {
            buffer.append(contentsOf: "-infinity".utf8)
            return
        }
        let micros = microsecondsSince1970
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let (year, month, day) = civilDate(fromDays: Int(days))
        func two(_ value: Int64) {
            buffer.append(UInt8(ascii: "0") + UInt8(value / 10))
            buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        let displayYear = Int64(year <= 0 ? 1 - year : year)
        if displayYear < 1000 {
            two(displayYear / 100)
            two(displayYear % 100)
        } else {
            appendDecimal(displayYear, to: &buffer)
        }
        buffer.append(UInt8(ascii: "-"))
        two(Int64(month))
        buffer.append(UInt8(ascii: "-"))
        two(Int64(day))
        buffer.append(UInt8(ascii: " "))
        let seconds = rest / 1_000_000
        two(seconds / 3600)
        buffer.append(UInt8(ascii: ":"))
        two(seconds / 60 % 60)
        buffer.append(UInt8(ascii: ":"))
        two(seconds % 60)
        buffer.append(UInt8(ascii: "."))
        let fraction = rest % 1_000_000
        two(fraction / 10_000)
        two(fraction / 100 % 100)
        two(fraction % 100)
        buffer.append(contentsOf: "+00".utf8)
        if year <= 0 { buffer.append(contentsOf: " BC".utf8) }
    }
}

extension Date: PostgresDecodable {
    /// Accepts `timestamptz` and `timestamp` (read as UTC). PostgreSQL's `infinity` and
    /// `-infinity` become `distantFuture` and `distantPast`.
    public static func decode(from cell: PostgresCell) throws -> Date {
        guard cell.type == .timestamptz || cell.type == .timestamp, cell.bytes.count == 8 else {
            throw cell.mismatch(Date.self)
        }
        let micros = cell.integer(Int64.self)
        if micros == Int64.max { return .distantFuture }
        if micros == Int64.min { return .distantPast }
        // PostgreSQL counts from 2000-01-01, Foundation from 2001-01-01: 366 days apart.
        let sinceReference = micros - 31_622_400_000_000
        return Date(timeIntervalSinceReferenceDate: Double(sinceReference) / 1_000_000)
    }
}

extension UUID: PostgresArrayElement {
    public static var postgresType: PostgresType { .uuid }
    public static var postgresArrayType: PostgresType { .uuidArray }
    public func encodePostgresText(into buffer: inout [UInt8]) { buffer.append(contentsOf: uuidString.utf8) }
}

extension UUID: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> UUID {
        if cell.type.isTextLike, let uuid = UUID(uuidString: cell.text) { return uuid }
        guard cell.type == .uuid, cell.bytes.count == 16 else { throw cell.mismatch(UUID.self) }
        let b = cell.bytes
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
