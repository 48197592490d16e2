/// The cost settings of an argon2id password hash.
///
/// The defaults are OWASP's recommended minimum for argon2id: 19 MiB of memory, 2
/// iterations, 1 lane, with a 16-byte salt and a 32-byte hash. Raising any of them later is
/// safe: `PasswordHasher.verify(password:encoded:)` still accepts hashes made with the old
/// values and reports `needsRehash` so they can be upgraded at the next sign-in.
public struct PasswordHashParameters: Sendable, Hashable, CustomStringConvertible {
    /// Memory cost in KiB (argon2's `m`). Default 19456 (19 MiB).
    public var memoryKiB: UInt32
    /// Number of passes over the memory (argon2's `t`). Default 2.
    public var iterations: UInt32
    /// Number of lanes (argon2's `p`). Default 1.
    public var parallelism: UInt32
    /// Length of the random salt in bytes. Default 16.
    public var saltByteCount: Int
    /// Length of the derived hash in bytes. Default 32.
    public var hashByteCount: Int

    /// OWASP's recommended argon2id parameters (m=19456 KiB, t=2, p=1, 16-byte salt,
    /// 32-byte hash).
    public static let owasp = PasswordHashParameters()

    /// Creates parameters; every argument defaults to OWASP's recommendation.
    public init(
        memoryKiB: UInt32 = 19456,
        iterations: UInt32 = 2,
        parallelism: UInt32 = 1,
        saltByteCount: Int = 16,
        hashByteCount: Int = 32
    ) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
        self.saltByteCount = saltByteCount
        self.hashByteCount = hashByteCount
    }

    /// Whether a hash made with these parameters is weaker than one made with `current`:
    /// less memory, fewer iterations, fewer lanes, or a shorter salt or hash.
    public func isWeaker(than current: PasswordHashParameters) -> Bool {
        memoryKiB < current.memoryKiB
            || iterations < current.iterations
            || parallelism < current.parallelism
            || saltByteCount < current.saltByteCount
            || hashByteCount < current.hashByteCount
    }

    public var description: String {
        "m=\(memoryKiB),t=\(iterations),p=\(parallelism) salt=\(saltByteCount)B hash=\(hashByteCount)B"
    }
}
