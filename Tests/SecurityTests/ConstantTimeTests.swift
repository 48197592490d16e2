import Testing
import Security

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test("equal bytes and strings compare equal")
    func equal() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.equals("token-abc", "token-abc"))
        #expect(ConstantTime.equals("", ""))
        #expect(ConstantTime.equals(Array("héllo".utf8), "héllo".utf8))
    }

    @Test("a difference in any position, or in length, compares unequal")
    func unequal() {
        let base = [UInt8](repeating: 7, count: 32)
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x80
            #expect(!ConstantTime.equals(base, changed), "difference at \(index)")
        }
        #expect(!ConstantTime.equals(base, base.dropLast()))
        #expect(!ConstantTime.equals(base, base + [7]))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "abcd"))
        #expect(!ConstantTime.equals("abc", ""))
    }

    @Test("strings compare by bytes, not canonical equivalence")
    func bytewiseStrings() {
        // The same visible "é", as one scalar and as e + combining acute accent.
        #expect("\u{e9}" == "e\u{301}")
        #expect(!ConstantTime.equals("\u{e9}", "e\u{301}"))
    }
}
