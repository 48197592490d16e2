/// HMAC (RFC 2104) with SHA-256 as the hash function.
///
/// ```swift
/// let tag = HMACSHA256.authenticationCode(for: "message", key: secretKey)
/// HMACSHA256.isValidAuthenticationCode(tag.bytes, for: "message", key: secretKey)  // true
/// ```
///
/// Keys longer than the 64-byte block are hashed first, as the RFC requires; keys of any
/// length are accepted, but a key should have at least 32 random bytes.
public struct HMACSHA256: Sendable {
    private var inner: SHA256
    private var outer: SHA256

    /// Starts an authentication code under `key`.
    public init(key: some Sequence<UInt8>) {
        var keyBlock = Array(key)
        if keyBlock.count > SHA256.blockByteCount {
            keyBlock = SHA256.hash(keyBlock).bytes
        }
        keyBlock.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - keyBlock.count))
        inner = SHA256()
        inner.update(keyBlock.map { $0 ^ 0x36 })
        outer = SHA256()
        outer.update(keyBlock.map { $0 ^ 0x5c })
    }

    /// Starts an authentication code under the UTF-8 encoding of `key`.
    public init(key: String) {
        self.init(key: Array(key.utf8))
    }

    /// Adds the bytes in `buffer` to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        inner.update(buffer)
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// Adds the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        inner.update(string)
    }

    /// Returns the authentication code of every byte added so far.
    public func finalize() -> SHA256.Digest {
        var outer = self.outer
        outer.update(inner.finalize().bytes)
        return outer.finalize()
    }

    /// Returns the authentication code of `message` under `key`.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> SHA256.Digest {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// Returns the authentication code of the UTF-8 encoding of `message` under `key`.
    public static func authenticationCode(for message: String, key: some Sequence<UInt8>) -> SHA256.Digest {
        var hmac = HMACSHA256(key: key)
        hmac.update(message)
        return hmac.finalize()
    }

    /// Returns whether `code` is the authentication code of `message` under `key`,
    /// comparing in constant time.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>, for message: some Sequence<UInt8>, key: some Sequence<UInt8>
    ) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key).bytes, code)
    }

    /// Returns whether `code` is the authentication code of the UTF-8 encoding of
    /// `message` under `key`, comparing in constant time.
    public static func isValidAuthenticationCode(
        _ code: some Collection<UInt8>, for message: String, key: some Sequence<UInt8>
    ) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key).bytes, code)
    }
}
