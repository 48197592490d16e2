/// SHA-256 as specified in FIPS 180-4.
///
/// Feed bytes incrementally with `update` and read the digest with `finalize()`, or hash a
/// whole message at once with `SHA256.hash(_:)`:
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("ab")
/// hasher.update("c")
/// hasher.finalize().hex   // "ba7816bf..."
/// SHA256.hash("abc").hex  // the same
/// ```
///
/// `finalize()` does not consume the hasher: it digests the bytes seen so far, and more
/// bytes may be added afterwards.
public struct SHA256: Sendable {
    /// The length of a digest in bytes (32).
    public static let digestByteCount = 32
    /// The length of one compression block in bytes (64).
    public static let blockByteCount = 64

    private var state = State()
    /// Input bytes that do not yet fill a whole block; always fewer than 64.
    private var pending: [UInt8] = []
    private var messageByteCount: UInt64 = 0

    /// Creates a hasher that has seen no bytes.
    public init() {
        pending.reserveCapacity(SHA256.blockByteCount)
    }

    /// Adds the bytes in `buffer` to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard !buffer.isEmpty else { return }
        messageByteCount &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let taken = min(SHA256.blockByteCount - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<taken])
            offset = taken
            guard pending.count == SHA256.blockByteCount else { return }
            pending.withUnsafeBytes { SHA256.compress(&state, blocks: $0) }
            pending.removeAll(keepingCapacity: true)
        }
        let wholeBlockBytes = (buffer.count - offset) / SHA256.blockByteCount * SHA256.blockByteCount
        if wholeBlockBytes > 0 {
            let blocks = UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + wholeBlockBytes)])
            SHA256.compress(&state, blocks: blocks)
            offset += wholeBlockBytes
        }
        if offset < buffer.count {
            pending.append(contentsOf: buffer[offset...])
        }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Adds the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Returns the digest of every byte added so far.
    public func finalize() -> Digest {
        var state = self.state
        // Padding: one 0x80 byte, zeros up to 56 bytes mod 64, then the bit length big-endian.
        var tail = pending
        tail.append(0x80)
        let zeroCount = (SHA256.blockByteCount + 56 - tail.count % SHA256.blockByteCount) % SHA256.blockByteCount
        tail.append(contentsOf: repeatElement(0, count: zeroCount))
        let bitCount = messageByteCount &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
        }
        tail.withUnsafeBytes { SHA256.compress(&state, blocks: $0) }
        return Digest(uncheckedBytes: state.bigEndianBytes())
    }

    /// Returns the digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> Digest {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize()
    }
}

extension SHA256 {
    /// A 32-byte SHA-256 digest.
    ///
    /// Equality runs in constant time, so comparing a digest that came from a request with
    /// a stored one does not reveal how many leading bytes matched.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        /// The 32 digest bytes.
        public let bytes: [UInt8]

        init(uncheckedBytes: [UInt8]) {
            self.bytes = uncheckedBytes
        }

        /// Wraps 32 bytes as a digest; returns nil for any other length.
        public init?(bytes: [UInt8]) {
            guard bytes.count == SHA256.digestByteCount else { return nil }
            self.bytes = bytes
        }

        /// The digest as 64 lowercase hexadecimal digits.
        public var hex: String { Hex.encode(bytes) }

        /// The digest as unpadded base64url (43 characters).
        public var base64URL: String { Base64URL.encode(bytes) }

        public var description: String { hex }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            ConstantTime.equals(lhs.bytes, rhs.bytes)
        }
    }
}

extension SHA256 {
    /// The eight working hash words H0...H7.
    struct State {
        var h0: UInt32 = 0x6a09_e667
        var h1: UInt32 = 0xbb67_ae85
        var h2: UInt32 = 0x3c6e_f372
        var h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f
        var h5: UInt32 = 0x9b05_688c
        var h6: UInt32 = 0x1f83_d9ab
        var h7: UInt32 = 0x5be0_cd19

        func bigEndianBytes() -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(SHA256.digestByteCount)
            for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
                bytes.append(UInt8(truncatingIfNeeded: word >> 24))
                bytes.append(UInt8(truncatingIfNeeded: word >> 16))
                bytes.append(UInt8(truncatingIfNeeded: word >> 8))
                bytes.append(UInt8(truncatingIfNeeded: word))
            }
            return bytes
        }
    }

    /// The 64 round constants: the first 32 bits of the fractional parts of the cube roots
    /// of the first 64 primes.
    static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }

    /// Runs the compression function over `blocks`, whose length is a multiple of 64.
    static func compress(_ state: inout State, blocks: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            roundConstants.withUnsafeBufferPointer { constants in
                var blockStart = 0
                while blockStart + SHA256.blockByteCount <= blocks.count {
                    for index in 0..<16 {
                        let word = blocks.loadUnaligned(fromByteOffset: blockStart + index * 4, as: UInt32.self)
                        schedule[index] = UInt32(bigEndian: word)
                    }
                    for index in 16..<64 {
                        let w15 = schedule[index - 15]
                        let w2 = schedule[index - 2]
                        let sigma0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 &>> 3)
                        let sigma1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 &>> 10)
                        schedule[index] = schedule[index - 16] &+ sigma0 &+ schedule[index - 7] &+ sigma1
                    }
                    var a = state.h0, b = state.h1, c = state.h2, d = state.h3
                    var e = state.h4, f = state.h5, g = state.h6, h = state.h7
                    for index in 0..<64 {
                        let bigSigma1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                        let choose = (e & f) ^ (~e & g)
                        let temp1 = h &+ bigSigma1 &+ choose &+ constants[index] &+ schedule[index]
                        let bigSigma0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let temp2 = bigSigma0 &+ majority
                        h = g
                        g = f
                        f = e
                        e = d &+ temp1
                        d = c
                        c = b
                        b = a
                        a = temp1 &+ temp2
                    }
                    state.h0 &+= a
                    state.h1 &+= b
                    state.h2 &+= c
                    state.h3 &+= d
                    state.h4 &+= e
                    state.h5 &+= f
                    state.h6 &+= g
                    state.h7 &+= h
                    blockStart += SHA256.blockByteCount
                }
            }
        }
    }
}
