import Testing
import Web

@Suite struct ControlCharactersTests {
    @Test func controlCharactersAreNamedWithoutRepeatingTheText() {
        #expect(ControlCharacters.problem(in: "ann@example.com", field: "email") == nil)
        #expect(ControlCharacters.problem(in: "café ✓ @x.example", field: "email") == nil)
        #expect(ControlCharacters.problem(in: "a\u{0}b@example.com", field: "email")
            == "The email contains an invisible control character (U+0000); remove it and try again.")
        #expect(ControlCharacters.problem(in: "a\u{1B}[31m", field: "action")?.contains("(U+001B)") == true)
        #expect(ControlCharacters.problem(in: "x\u{7F}", field: "f")?.contains("U+007F") == true)
        #expect(ControlCharacters.problem(in: "x\u{85}", field: "f")?.contains("U+0085") == true)
        #expect(ControlCharacters.problem(in: "one\ntwo", field: "f") != nil)
        #expect(ControlCharacters.problem(in: "one\ntwo\tthree\r\n", field: "note", allowingLineBreaks: true) == nil)
        #expect(ControlCharacters.problem(in: "one\u{0}", field: "note", allowingLineBreaks: true) != nil)
    }
}
