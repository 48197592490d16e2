/// An argon2 hash in the PHC string format libargon2 writes, taken apart:
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, salt and hash in unpadded base64.
public struct EncodedPasswordHash: Sendable, Hashable {
    /// The argon2 variant: "argon2id", "argon2i" or "argon2d".
    public let algorithm: String
    /// The argon2 version number (19 for version 1.3; 16 for hashes written without `v=`).
    public let version: UInt32
    /// Memory, iterations and lanes, with the salt and hash lengths as found.
    public let parameters: PasswordHashParameters
    /// The decoded salt.
    public let salt: [UInt8]
    /// The decoded hash.
    public let hash: [UInt8]

    /// The argon2 version this library writes (1.3).
    public static let currentVersion: UInt32 = 0x13

    /// Parses a PHC string; throws `PasswordHashError` (malformed or unsupported) when the
    /// string does not have exactly the shape libargon2 writes.
    public init(parsing encoded: String) throws(PasswordHashError) {
        let fields = Array(encoded.utf8).split(separator: UInt8(ascii: "$"), omittingEmptySubsequences: false)
        let shape = "expected $algorithm$v=version$m=..,t=..,p=..$salt$hash"
        guard fields.count >= 2, fields[0].isEmpty else { throw .malformedEncodedHash(shape) }
        let algorithm = String(decoding: fields[1], as: UTF8.self)
        guard ["argon2id", "argon2i", "argon2d"].contains(algorithm) else {
            throw .unsupportedAlgorithm(algorithm)
        }
        guard fields.count == 5 || fields.count == 6 else { throw .malformedEncodedHash(shape) }
        var next = 2
        var version: UInt32 = 0x10
        if fields.count == 6 {
            version = try Self.value(named: "v", in: fields[2])
            next = 3
        }
        let costs = fields[next].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard costs.count == 3 else {
            throw .malformedEncodedHash("expected the parameters m=..,t=..,p=..")
        }
        let memory = try Self.value(named: "m", in: costs[0])
        let iterations = try Self.value(named: "t", in: costs[1])
        let parallelism = try Self.value(named: "p", in: costs[2])
        let salt: [UInt8]
        let hash: [UInt8]
        do {
            salt = try Base64Codec.standardUnpadded.decode(fields[next + 1])
            hash = try Base64Codec.standardUnpadded.decode(fields[next + 2])
        } catch {
            throw .malformedEncodedHash("salt or hash: \(error)")
        }
        guard !salt.isEmpty, !hash.isEmpty else {
            throw .malformedEncodedHash("the salt or hash is empty")
        }
        self.algorithm = algorithm
        self.version = version
        self.parameters = PasswordHashParameters(
            memoryKiB: memory, iterations: iterations, parallelism: parallelism,
            saltByteCount: salt.count, hashByteCount: hash.count)
        self.salt = salt
        self.hash = hash
    }

    /// Reads `name=digits` as a UInt32.
    private static func value(named name: String, in field: ArraySlice<UInt8>) throws(PasswordHashError) -> UInt32 {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        guard field.starts(with: prefix) else {
            throw .malformedEncodedHash("expected \(name)=")
        }
        let digits = field.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 10 else {
            throw .malformedEncodedHash("\(name) needs 1 to 10 digits")
        }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else {
                throw .malformedEncodedHash("\(name) is not a decimal number")
            }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        guard let result = UInt32(exactly: value) else {
            throw .malformedEncodedHash("\(name) is too large")
        }
        return result
    }
}
