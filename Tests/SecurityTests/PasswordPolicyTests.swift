import Testing
import Security

@Suite("PasswordPolicy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test("accepts long, uncommon passwords and passphrases", arguments: [
        "correct horse battery stable", "Tr0ub4dour&3xtra!", "my cat eats paprika at noon", "zq8#Lm2!vR9@wX",
        "Zürich-Fondue-2019", "日本語のパスワードです、長い", "🙂🙃🙂🙃🙂🙃🙂🙃🙂🙃🙂🫠",
    ])
    func accepts(password: String) {
        #expect(policy.violation(for: password, email: "jane.doe@example.com") == nil)
    }

    @Test("requires 12 characters, counted as characters rather than bytes")
    func minimumLength() throws {
        let error = #expect(throws: PasswordPolicyViolation.self) { try policy.validate("short pw 11") }
        #expect(error == .tooShort(minimumCharacters: 12))
        #expect(error?.message == "Use at least 12 characters.")
        #expect(policy.violation(for: "") == .tooShort(minimumCharacters: 12))
        // 11 accented letters are 22 bytes but still 11 characters.
        #expect(policy.violation(for: "éàüöäçñøåßé") == .tooShort(minimumCharacters: 12))
        // Decomposed accents count once each after normalization.
        #expect(policy.violation(for: "e\u{301}a\u{300}u\u{308}o\u{308}a\u{308}c\u{327}n\u{303}øåßé") == .tooShort(minimumCharacters: 12))
        #expect(policy.violation(for: "xkcd stair 9") == nil)
        #expect(PasswordPolicy(minimumCharacterCount: 16).violation(for: "xkcd stair 9") == .tooShort(minimumCharacters: 16))
    }

    @Test("caps length at 1024 bytes")
    func maximumLength() {
        let atLimit = String(repeating: "ab1c", count: 256)
        #expect(atLimit.utf8.count == 1024)
        #expect(policy.violation(for: atLimit) != .tooLong(maximumBytes: 1024))
        let longUnique = (0..<300).map { "w\($0)" }.joined(separator: "-")
        #expect(longUnique.utf8.count > 1024)
        let error = policy.violation(for: longUnique)
        #expect(error == .tooLong(maximumBytes: 1024))
        #expect(error?.message.contains("1024") == true)
    }

    @Test("rejects common passwords, also with case changes, affixes, spaces and look-alike digits", arguments: [
        "password1234", "Password1234", "PASSWORD1234!", "123456789012", "qwertyuiopasdfgh", "iloveyou1234",
        "P@ssw0rd1234", "p@55w0rd2024", "Summer2024!!", "letmein12345", "correcthorsebatterystaple",
        "correct horse battery staple", "Tr0ub4dor&3", "passwordpassword", "qwertyqwerty", "1qaz2wsx3edc",
        "!!monkey1234", "administrator", "Dragon123456", "Lodestar2025",
    ])
    func common(password: String) {
        let violation = policy.violation(for: password)
        #expect(violation != nil)
        #expect(violation == .tooCommon || violation == .sequential || violation == .repetitive
            || violation == .tooShort(minimumCharacters: 12), "\(password): \(String(describing: violation))")
    }

    @Test("the common-password message says what to do")
    func commonMessage() {
        let violation = policy.violation(for: "iloveyou1234")
        #expect(violation == .tooCommon)
        #expect(violation?.message == "This password is too common; choose another.")
    }

    @Test("rejects one character or a short pattern repeated", arguments: [
        "aaaaaaaaaaaa", "111111111111111", "abababababab", "abcabcabcabc", "xyz!xyz!xyz!", "  ab  ab  ab  ab",
    ])
    func repetitive(password: String) {
        #expect(policy.violation(for: password) == .repetitive)
    }

    @Test("rejects simple ascending or descending runs", arguments: [
        "abcdefghijklm", "ABCDEFGHIJKL", "1234567890123", "zyxwvutsrqpo", "9876543210987", "mnopqrstuvwx",
    ])
    func sequential(password: String) {
        let violation = policy.violation(for: password)
        #expect(violation == .sequential)
        #expect(violation?.message.contains("sequence") == true)
    }

    @Test("rejects passwords containing the email's local part or a long piece of it")
    func email() {
        let email = "Jane.Doe@example.com"
        #expect(policy.violation(for: "my name is jane.doe ok", email: email) == .containsEmail)
        #expect(policy.violation(for: "JANE.DOE-rules-forever", email: email) == .containsEmail)
        #expect(policy.violation(for: "sally and jane go hiking", email: email) == .containsEmail)
        #expect(policy.violation(for: "doe, a deer, a female", email: email) == nil)  // "doe" is under 4 letters
        #expect(policy.violation(for: "sally and jane go hiking") == nil)
        #expect(policy.violation(for: "sally and jane go hiking", email: "bob@example.com") == nil)
        #expect(policy.violation(for: "sally and jane go hiking", email: "not-an-email") == nil)
        #expect(policy.violation(for: "sally and jane go hiking", email: email)?.message
            == "Don't use your email address in the password; choose another.")
    }

    @Test("validate throws exactly what violation(for:) returns")
    func validateMatchesViolation() {
        #expect(throws: PasswordPolicyViolation.tooCommon) { try policy.validate("Password1234") }
        #expect(throws: Never.self) { try policy.validate("a quiet lighthouse in fog") }
    }
}
