import Foundation

extension String {
    /// The password in Unicode NFC, so "é" typed as one code point or as "e" plus a
    /// combining accent gives the same bytes to argon2 and the same length to the policy.
    /// Changing this form would invalidate every stored hash.
    var normalizedForPasswordHashing: String {
        precomposedStringWithCanonicalMapping
    }
}
