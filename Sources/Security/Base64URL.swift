/// Base64url (RFC 4648 section 5) without padding, as used by JWTs, PKCE and tokens in URLs.
public enum Base64URL {
    /// Returns `bytes` in the URL- and filename-safe alphabet (`-` and `_`), without `=`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.url.encode(bytes)
    }

    /// Decodes unpadded base64url text.
    ///
    /// Strict: throws for characters outside the alphabet (including `+`, `/`, `=` and
    /// whitespace), for a length that no byte count encodes to, and for non-canonical text
    /// whose last character carries non-zero unused bits.
    public static func decode(_ text: String) throws(Base64DecodingError) -> [UInt8] {
        try Base64Codec.url.decode(text.utf8)
    }

    /// Decodes unpadded base64url bytes (ASCII); see `decode(_:)` for what is rejected.
    public static func decode(_ text: some Collection<UInt8>) throws(Base64DecodingError) -> [UInt8] {
        try Base64Codec.url.decode(text)
    }
}
