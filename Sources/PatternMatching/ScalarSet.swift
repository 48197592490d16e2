/// A set of Unicode scalars one step of a pattern accepts: a bracketed class (`[a-z\d_]`,
/// `[^,]`), a shorthand (`\d`, `\W`), a category (`\p{L}`), `.`, or one literal scalar
/// under case-insensitive matching.
///
/// Membership is decided from ranges plus named groups, then negation. The ASCII range is
/// precomputed into a bitmap, so the common case is one shift and mask.
struct ScalarSet: Sendable, Equatable {
    /// A named group of scalars, possibly inverted (`\D` is `.digit` inverted).
    struct Group: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            /// `\d`: decimal digits in any script (general category Nd), as ICU reads it.
            case digit
            /// `\w`: letters, marks, decimal digits, connector punctuation and the joiners, as ICU reads it.
            case word
            /// `\s`: Unicode white space.
            case space
            /// `\p{…}`: scalars in any of these general categories.
            case categories([Unicode.GeneralCategory])
        }

        var kind: Kind
        var inverted: Bool

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let properties = scalar.properties
            let inside: Bool
            switch kind {
            case .digit:
                inside = properties.generalCategory == .decimalNumber
            case .word:
                switch properties.generalCategory {
                case .decimalNumber, .connectorPunctuation, .nonspacingMark, .spacingMark, .enclosingMark: inside = true
                default: inside = properties.isAlphabetic || scalar.value == 0x200C || scalar.value == 0x200D
                }
            case .space:
                inside = properties.isWhitespace
            case .categories(let categories):
                inside = categories.contains(properties.generalCategory)
            }
            return inside != inverted
        }
    }

    private(set) var ranges: [ClosedRange<UInt32>]
    private(set) var groups: [Group]
    let negated: Bool
    /// Whether a scalar also belongs when its simple lowercase or uppercase form does.
    let caseInsensitive: Bool
    /// Membership of the 128 ASCII scalars, bit `n` of word `n / 64`.
    private var ascii: (UInt64, UInt64) = (0, 0)

    init(ranges: [ClosedRange<UInt32>], groups: [Group] = [], negated: Bool = false, caseInsensitive: Bool = false) {
        self.ranges = Self.merged(ranges)
        self.groups = groups
        self.negated = negated
        self.caseInsensitive = caseInsensitive
        for value in UInt32(0)..<128 where slowContains(Unicode.Scalar(UInt8(value))) {
            if value < 64 { ascii.0 |= 1 << UInt64(value) } else { ascii.1 |= 1 << UInt64(value - 64) }
        }
    }

    static func == (left: ScalarSet, right: ScalarSet) -> Bool {
        left.ranges == right.ranges && left.groups == right.groups && left.negated == right.negated
            && left.caseInsensitive == right.caseInsensitive
    }

    /// What `.` matches: anything but the line terminators ICU's `.` stops at.
    static let anyButLineTerminator = ScalarSet(
        ranges: [0x0A...0x0D, 0x85...0x85, 0x2028...0x2029], negated: true)

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return ascii.0 & (1 << UInt64(value)) != 0 }
        if value < 128 { return ascii.1 & (1 << UInt64(value - 64)) != 0 }
        return slowContains(scalar)
    }

    private func slowContains(_ scalar: Unicode.Scalar) -> Bool {
        var inside = rawContains(scalar)
        if !inside, caseInsensitive {
            inside = Self.caseVariants(of: scalar).contains(where: rawContains)
        }
        return inside != negated
    }

    private func rawContains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Binary search: the ranges are sorted and disjoint.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        if low < ranges.count, ranges[low].contains(value) { return true }
        return groups.contains { $0.contains(scalar) }
    }

    /// The simple (one-scalar) lowercase, uppercase and titlecase forms of `scalar` other than itself.
    static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let properties = scalar.properties
        var variants: [Unicode.Scalar] = []
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            let scalars = mapping.unicodeScalars
            guard scalars.count == 1, let first = scalars.first, first != scalar, !variants.contains(first) else { continue }
            variants.append(first)
        }
        return variants
    }

    private static func merged(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound &+ 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
