/// A domain name: its labels, most specific first, without the root's empty label.
///
/// Names are compared and hashed ignoring ASCII case, as DNS does. Built from text with
/// `init(_:)`, which accepts ASCII host and service names only; names read from messages
/// may hold any bytes (at most 63 per label, 255 on the wire).
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The labels as bytes, e.g. `["mail", "example", "com"]`; empty for the root.
    public let labels: [[UInt8]]

    /// The root name `.`.
    public static let root = DNSName(validated: [])

    static let maxLabelLength = 63
    /// The longest name on the wire, length bytes and the final zero included.
    static let maxWireLength = 255

    init(validated labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Parses a name such as `example.com`, `_lodestar.example.com.` or `xn--bcher-kva.example`.
    ///
    /// Refused with `isInvalidName`: an empty name, non-ASCII characters (convert an
    /// internationalized name to punycode first), characters other than letters, digits,
    /// `-` and `_`, empty labels, labels over 63 characters and names over 253 characters
    /// (a final dot not counted). `"."` is the root.
    public init(_ text: String) throws(DNSError) {
        func refuse(_ problem: DNSError.NameProblem) -> DNSError {
            DNSError(.invalidName(text, problem))
        }
        if text == "." {
            self = .root
            return
        }
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw refuse(.empty) }
        guard text.allSatisfy(\.isASCII) else { throw refuse(.notASCII) }
        var labels: [[UInt8]] = []
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw refuse(.emptyLabel) }
            guard label.count <= Self.maxLabelLength else { throw refuse(.labelTooLong) }
            if let byte = label.first(where: { !Self.isNameByte($0) }) {
                throw refuse(.invalidCharacter(Character(Unicode.Scalar(byte))))
            }
            labels.append(Array(label))
        }
        guard bytes.count <= Self.maxWireLength - 2 else { throw refuse(.nameTooLong) }
        self.labels = labels
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// The bytes the name takes on the wire without compression.
    var wireLength: Int {
        labels.reduce(1) { $0 + 1 + $1.count }
    }

    /// The name as text without a final dot (`mail.example.com`; `.` for the root). A `.`
    /// or `\` inside a label is written `\.` or `\\`, other bytes outside printable ASCII
    /// as `\DDD` (decimal), as in zone files.
    public var description: String {
        guard !labels.isEmpty else { return "." }
        var text = ""
        for (index, label) in labels.enumerated() {
            if index > 0 { text += "." }
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    text += "\\" + String(Unicode.Scalar(byte))
                case 0x21...0x7E:
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
        }
        return text
    }

    public static func == (left: DNSName, right: DNSName) -> Bool {
        guard left.labels.count == right.labels.count else { return false }
        for (a, b) in zip(left.labels, right.labels) {
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where lowercased(x) != lowercased(y) { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.lowercased(byte)) }
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
