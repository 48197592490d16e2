/// Comparisons whose running time does not depend on where two secrets differ.
///
/// Use these to compare tokens, digests and MACs that an attacker can submit, so that
/// response timing does not reveal how many leading bytes were right.
public enum ConstantTime {
    /// Returns whether `lhs` and `rhs` hold the same bytes.
    ///
    /// Every byte is examined when the lengths are equal; a length mismatch returns false
    /// at once (lengths of tokens and digests are not secret).
    @inline(never)
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    /// Returns whether the UTF-8 encodings of `lhs` and `rhs` are the same bytes.
    ///
    /// This compares bytes, not Unicode canonical equivalence: "é" written as one scalar
    /// and as "e" plus a combining accent are different here, as they are for any token.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(lhs.utf8, rhs.utf8)
    }
}
