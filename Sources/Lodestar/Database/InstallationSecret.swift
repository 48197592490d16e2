import Postgres
import Security
import Synchronization

/// The installation's own secret (`installation_secret`, migration 0010): 32 random bytes
/// made by the first process that needs them and read by every other, so what one web
/// process signs, all accept. Each use gets its own key derived from it (`key(for:)`), so
/// a signature made for one purpose never passes for another. Read from the database on
/// first use and kept for the life of the process.
final class InstallationSecret: Sendable {
    private let pool: ConnectionPool
    private let secret = Mutex<[UInt8]?>(nil)

    init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// What keys are derived for, one each.
    enum Purpose: String, Sendable {
        /// The CSRF tokens of visitors without a session (`SessionConfiguration.formTokenKey`).
        case anonymousFormTokens = "anonymous form tokens"
    }

    /// The key for `purpose`: HMAC-SHA256 of its label under the secret.
    func key(for purpose: Purpose) throws -> [UInt8] {
        HMACSHA256.authenticationCode(for: "lodestar key: " + purpose.rawValue, key: try bytes()).bytes
    }

    private func bytes() throws -> [UInt8] {
        if let known = secret.withLock({ $0 }) { return known }
        // A second process racing here inserts nothing and reads the first one's secret.
        try pool.execute("INSERT INTO installation_secret (secret) VALUES (\(try SecureRandom.hexToken())) ON CONFLICT DO NOTHING")
        let hex = try pool.query("SELECT secret FROM installation_secret").single(String.self)
        // The table's CHECK allows nothing else; a row edited by hand could still be short.
        guard let loaded = Hex.decode(hex), loaded.count == 32 else {
            throw ConfigurationError("installation_secret.secret must be 64 hex digits; delete the row to make a new one")
        }
        secret.withLock { $0 = loaded }
        return loaded
    }
}
