/// Rules a new password must meet before it is hashed and stored.
///
/// Following NIST SP 800-63B: a minimum length (12 characters by default), a maximum that
/// bounds hashing cost (1024 UTF-8 bytes), and a check against commonly used and easily
/// guessed passwords. There are deliberately no composition rules ("one digit, one
/// symbol"): length and not being guessable matter, character classes do not.
///
/// ```swift
/// do {
///     try PasswordPolicy().validate(newPassword, email: "jane@example.com")
/// } catch {
///     showFormError(error.message)   // "Use at least 12 characters."
/// }
/// ```
public struct PasswordPolicy: Sendable {
    /// The fewest characters (extended grapheme clusters, after NFC) a password may have.
    public var minimumCharacterCount: Int
    /// The most UTF-8 bytes a password may have.
    public var maximumByteCount: Int

    /// Creates a policy; defaults: at least 12 characters, at most 1024 bytes.
    public init(minimumCharacterCount: Int = 12, maximumByteCount: Int = 1024) {
        self.minimumCharacterCount = minimumCharacterCount
        self.maximumByteCount = maximumByteCount
    }

    /// Throws the first rule `password` breaks, or returns when it is acceptable.
    ///
    /// - Parameter email: the account's email address, if known; passwords containing its
    ///   local part (or a 4+ letter piece of it, like "jane" in "jane.doe") are refused.
    public func validate(_ password: String, email: String? = nil) throws(PasswordPolicyViolation) {
        if let violation = violation(for: password, email: email) { throw violation }
    }

    /// Returns the first rule `password` breaks, or nil when it is acceptable.
    public func violation(for password: String, email: String? = nil) -> PasswordPolicyViolation? {
        let normalized = password.normalizedForPasswordHashing
        if normalized.utf8.count > maximumByteCount {
            return .tooLong(maximumBytes: maximumByteCount)
        }
        if normalized.count < minimumCharacterCount {
            return .tooShort(minimumCharacters: minimumCharacterCount)
        }
        let lowered = normalized.lowercased()
        let compact = String(lowered.filter { !$0.isWhitespace })
        let scalars = Array(compact.unicodeScalars)
        if let unit = Self.repeatedUnit(of: scalars) {
            if unit.count <= 4 { return .repetitive }
            if CommonPasswords.contains(String(String.UnicodeScalarView(unit))) { return .tooCommon }
        }
        if Self.isSequence(scalars) {
            return .sequential
        }
        if Self.commonCandidates(lowered: lowered, compact: compact).contains(where: CommonPasswords.contains) {
            return .tooCommon
        }
        if let email, Self.containsEmailPart(compact, email: email) {
            return .containsEmail
        }
        return nil
    }

    /// The shortest unit that `scalars` is two or more copies of, if any.
    static func repeatedUnit(of scalars: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar>? {
        guard scalars.count >= 2 else { return nil }
        for unitLength in 1...(scalars.count / 2) where scalars.count % unitLength == 0 {
            let isRepetition = (unitLength..<scalars.count).allSatisfy { scalars[$0] == scalars[$0 - unitLength] }
            if isRepetition { return scalars[0..<unitLength] }
        }
        return nil
    }

    /// Whether every step goes up by one or every step goes down by one, digits wrapping
    /// around (so "1234567890123" counts).
    static func isSequence(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count >= 3 else { return false }
        func step(_ from: Unicode.Scalar, _ to: Unicode.Scalar) -> Int {
            if from == "9", to == "0" { return 1 }
            if from == "0", to == "9" { return -1 }
            return Int(to.value) - Int(from.value)
        }
        let first = step(scalars[0], scalars[1])
        guard first == 1 || first == -1 else { return false }
        return (2..<scalars.count).allSatisfy { step(scalars[$0 - 1], scalars[$0]) == first }
    }

    /// Spellings to look up in the common list: the whole password, without spaces, the
    /// part left after trimming up to six digits or symbols from the ends
    /// ("Password123!" -> "password"), and that part with common letter substitutions
    /// undone ("p@ssw0rd" -> "password").
    static func commonCandidates(lowered: String, compact: String) -> [String] {
        var candidates = [lowered, compact]
        let characters = Array(compact)
        var start = 0
        var end = characters.count
        while start < end, !characters[start].isLetter { start += 1 }
        while end > start, !characters[end - 1].isLetter { end -= 1 }
        if start < end, characters.count - (end - start) <= 6 {
            let core = String(characters[start..<end])
            candidates.append(core)
            candidates.append(contentsOf: undoingSubstitutions(core))
        }
        candidates.append(contentsOf: undoingSubstitutions(compact))
        return candidates
    }

    /// `text` with look-alike digits and symbols turned back into letters; "1" is tried
    /// both as "i" and as "l".
    static func undoingSubstitutions(_ text: String) -> [String] {
        func replaced(one: Character) -> String {
            String(text.map { character -> Character in
                switch character {
                case "@", "4": "a"
                case "0": "o"
                case "1": one
                case "!", "|": "i"
                case "3": "e"
                case "5", "$": "s"
                case "7", "+": "t"
                default: character
                }
            })
        }
        return [replaced(one: "i"), replaced(one: "l")]
    }

    static func containsEmailPart(_ compactPassword: String, email: String) -> Bool {
        let lowered = email.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return false }
        let local = String(lowered[..<at])
        if local.count >= 3, compactPassword.contains(local) { return true }
        let pieces = local.split(whereSeparator: { ".-_+".contains($0) })
        return pieces.contains { $0.count >= 4 && compactPassword.contains($0) }
    }
}
