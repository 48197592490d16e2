/// Why a new password was refused, with a message the person choosing it can act on.
///
/// `description` (and `message`) is written for the person at the form, e.g. "Use at least
/// 12 characters."; show it as is.
public struct PasswordPolicyViolation: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case tooShort(minimumCharacters: Int)
        case tooLong(maximumBytes: Int)
        case repetitive
        case sequential
        case tooCommon
        case containsEmail
    }

    private let kind: Kind

    /// Fewer characters than the policy's minimum.
    public static func tooShort(minimumCharacters: Int) -> PasswordPolicyViolation {
        PasswordPolicyViolation(kind: .tooShort(minimumCharacters: minimumCharacters))
    }

    /// More UTF-8 bytes than the policy's maximum.
    public static func tooLong(maximumBytes: Int) -> PasswordPolicyViolation {
        PasswordPolicyViolation(kind: .tooLong(maximumBytes: maximumBytes))
    }

    /// One character or a short pattern repeated ("aaaaaaaaaaaa", "abcabcabcabc").
    public static let repetitive = PasswordPolicyViolation(kind: .repetitive)
    /// A run of consecutive letters or digits ("abcdefghijkl", "123456789012").
    public static let sequential = PasswordPolicyViolation(kind: .sequential)
    /// On the list of common passwords, possibly with a few digits or symbols around it.
    public static let tooCommon = PasswordPolicyViolation(kind: .tooCommon)
    /// Contains the local part (before the @) of the person's email address.
    public static let containsEmail = PasswordPolicyViolation(kind: .containsEmail)

    /// The message to show the person choosing the password.
    public var message: String {
        switch kind {
        case .tooShort(let minimum):
            "Use at least \(minimum) characters."
        case .tooLong(let maximum):
            "This password is too long; keep it under \(maximum) bytes (about \(maximum) plain letters and digits)."
        case .repetitive:
            "Don't repeat one character or a short pattern; choose another password."
        case .sequential:
            "Don't use a simple sequence like abcdef or 123456; choose another password."
        case .tooCommon:
            "This password is too common; choose another."
        case .containsEmail:
            "Don't use your email address in the password; choose another."
        }
    }

    public var description: String { message }
}
