/// An exact decimal number for PostgreSQL `numeric` (money, quantities), kept as its decimal
/// text so that no value ever passes through binary floating point.
///
/// ```swift
/// let price = Numeric(cents: 1999)          // 19.99
/// let total = try Numeric("12345678901234567890.123456789")
/// total.description                          // the same digits back
/// ```
public struct Numeric: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// Canonical text: optional `-`, integer digits without leading zeros, and the fraction
    /// digits as written (scale is kept: `1.50` stays `1.50`). Or `NaN`, `Infinity`, `-Infinity`.
    public let description: String

    /// Parses decimal text such as `-12.50`, `0.001` or `42`; also `NaN` and `±Infinity`.
    /// Returns nil for anything else (exponents, spaces, thousands separators).
    public init?(_ text: String) {
        switch text {
        case "NaN", "Infinity", "-Infinity":
            description = text
            return
        case "+Infinity":
            description = "Infinity"
            return
        default: break
        }
        var bytes = Array(text.utf8)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        var integerDigits = Array(bytes[..<(point ?? bytes.endIndex)])
        let fractionDigits = point.map { Array(bytes[bytes.index(after: $0)...]) } ?? []
        guard !(integerDigits.isEmpty && fractionDigits.isEmpty),
              (integerDigits + fractionDigits).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        while integerDigits.count > 1, integerDigits[0] == UInt8(ascii: "0") { integerDigits.removeFirst() }
        if integerDigits.isEmpty { integerDigits = [UInt8(ascii: "0")] }
        let isZero = (integerDigits + fractionDigits).allSatisfy { $0 == UInt8(ascii: "0") }
        var canonical = (negative && !isZero) ? "-" : ""
        canonical += String(decoding: integerDigits, as: UTF8.self)
        if !fractionDigits.isEmpty { canonical += "." + String(decoding: fractionDigits, as: UTF8.self) }
        description = canonical
    }

    /// Like `init?(_:)`, throwing a clear error for text that is not a decimal number.
    public init(parsing text: String) throws {
        guard let value = Numeric(text) else {
            throw PostgresError.usage("'\(text)' is not a decimal number")
        }
        self = value
    }

    /// A whole number.
    public init(_ integer: Int64) {
        description = String(integer)
    }

    /// `scaled / 10^scale` exactly: `Numeric(scaled: 1999, scale: 2)` is 19.99.
    public init(scaled: Int64, scale: Int) {
        precondition(scale >= 0, "scale must not be negative")
        var magnitude = scaled.magnitude
        var reversed: [UInt8] = []
        reversed.reserveCapacity(24 + scale)
        var position = 0
        while magnitude > 0 || position <= scale {
            if position == scale && scale > 0 { reversed.append(UInt8(ascii: ".")) }
            reversed.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
            position += 1
        }
        if scaled < 0 { reversed.append(UInt8(ascii: "-")) }
        description = String(decoding: reversed.reversed(), as: UTF8.self)
    }

    /// An amount of money given in cents: `Numeric(cents: 1999)` is 19.99.
    public init(cents: Int64) {
        self.init(scaled: cents, scale: 2)
    }

    /// The value times 10^scale as an integer, or nil when that is not a whole number or does
    /// not fit in Int64 (no rounding ever happens).
    public func scaled(by scale: Int) -> Int64? {
        guard isFinite, scale >= 0 else { return nil }
        var text = Substring(description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts[0]
        var fraction = parts.count > 1 ? parts[1] : ""
        while fraction.count > scale {
            guard fraction.last == "0" else { return nil }
            fraction = fraction.dropLast()
        }
        let digits = integerPart + fraction + String(repeating: "0", count: scale - fraction.count)
        guard let magnitude = UInt64(digits) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return Int64(exactly: magnitude)
    }

    /// The amount in cents when it has at most two (non-zero) decimals, else nil.
    public var cents: Int64? { scaled(by: 2) }

    /// False for NaN and the infinities.
    public var isFinite: Bool { description.first?.isNumber == true || description.hasPrefix("-") && description != "-Infinity" }

    /// The same number regardless of trailing fraction zeros: `1.50 == 1.5`.
    public static func == (lhs: Numeric, rhs: Numeric) -> Bool { lhs.normalized == rhs.normalized }

    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    private var normalized: String {
        guard description.contains("."), isFinite else { return description }
        var text = Substring(description)
        while text.last == "0" { text = text.dropLast() }
        if text.last == "." { text = text.dropLast() }
        return text == "-0" ? "0" : String(text)
    }
}

extension Numeric: PostgresArrayElement {
    public static var postgresType: PostgresType { .numeric }
    public static var postgresArrayType: PostgresType { .numericArray }
    public func encodePostgresText(into buffer: inout [UInt8]) {
        var text = description
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }
}

extension Numeric: PostgresDecodable {
    /// Accepts `numeric` (binary: base-10000 digit groups) and the integer types.
    public static func decode(from cell: PostgresCell) throws -> Numeric {
        switch cell.type {
        case .int2, .int4, .int8: return Numeric(try decodeInteger(cell, as: Int64.self))
        case .numeric: break
        default: throw cell.mismatch(Numeric.self)
        }
        guard cell.bytes.count >= 8 else { throw cell.invalid(Numeric.self, "truncated numeric") }
        let groupCount = Int(cell.integer(Int16.self, at: 0))
        let weight = Int(cell.integer(Int16.self, at: 2))
        let sign = cell.integer(UInt16.self, at: 4)
        let scale = Int(cell.integer(Int16.self, at: 6))
        guard groupCount >= 0, cell.bytes.count >= 8 + groupCount * 2 else {
            throw cell.invalid(Numeric.self, "truncated numeric")
        }
        switch sign {
        case 0xC000: return Numeric(uncheckedText: "NaN")
        case 0xD000: return Numeric(uncheckedText: "Infinity")
        case 0xF000: return Numeric(uncheckedText: "-Infinity")
        case 0x0000, 0x4000: break
        default: throw cell.invalid(Numeric.self, "unknown numeric sign")
        }
        func group(_ index: Int) -> Int {
            guard index >= 0, index < groupCount else { return 0 }
            return Int(cell.integer(Int16.self, at: 8 + index * 2))
        }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(group(0))
            if weight >= 1 {
                for index in 1...weight { text += paddedGroup(group(index)) }
            }
        }
        if scale > 0 {
            var fraction = ""
            var index = weight + 1
            while fraction.count < scale {
                fraction += paddedGroup(group(index))
                index += 1
            }
            text += "." + fraction.prefix(scale)
        }
        if text.hasPrefix("-"), !text.contains(where: { $0 >= "1" && $0 <= "9" }) { text.removeFirst() }
        return Numeric(uncheckedText: text)
    }

    private init(uncheckedText: String) {
        description = uncheckedText
    }
}

private func paddedGroup(_ value: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
