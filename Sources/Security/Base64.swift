/// Standard base64 (RFC 4648 section 4) with `=` padding.
public enum Base64 {
    /// Returns `bytes` in the standard alphabet (`+` and `/`), padded with `=`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.standard.encode(bytes)
    }

    /// Decodes padded base64 text.
    ///
    /// Strict: throws for characters outside the alphabet (including `-`, `_` and
    /// whitespace), a length that is not a multiple of four, padding anywhere but the end,
    /// and non-canonical text whose last character carries non-zero unused bits.
    public static func decode(_ text: String) throws(Base64DecodingError) -> [UInt8] {
        try Base64Codec.standard.decode(text.utf8)
    }

    /// Decodes padded base64 bytes (ASCII); see `decode(_:)` for what is rejected.
    public static func decode(_ text: some Collection<UInt8>) throws(Base64DecodingError) -> [UInt8] {
        try Base64Codec.standard.decode(text)
    }
}
