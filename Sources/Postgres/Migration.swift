import Foundation

/// One migration file, `NNNN_name.sql`: plain SQL applied once, in number order, in its own
/// transaction.
public struct Migration: Sendable, Equatable {
    /// The number at the start of the file name.
    public let version: Int
    /// The file name without the number and `.sql`: `0002_contacts.sql` -> `contacts`.
    public let name: String
    /// The SQL text.
    public let sql: String
    /// SHA-256 of the file's bytes, 64 hex digits.
    public let checksum: String

    /// The file name, `0002_contacts.sql` (the number padded to four digits).
    public var fileName: String { Migration.fileName(version: version, name: name) }

    /// Builds a migration from a file name and its contents; refuses names that are not
    /// `NNNN_name.sql` (four or more digits, then lowercase letters, digits and underscores).
    public init(fileName: String, contents: [UInt8]) throws {
        guard let (version, name) = Migration.parse(fileName: fileName) else {
            throw PostgresError.migration(
                "'\(fileName)' is not a valid migration file name: use NNNN_name.sql, "
                    + "a number of four or more digits and a name of lowercase letters, digits and underscores")
        }
        guard let sql = String(validatingUTF8Bytes: contents) else {
            throw PostgresError.migration("\(fileName) is not valid UTF-8")
        }
        self.version = version
        self.name = name
        self.sql = sql
        checksum = SHA256.hexDigest(contents)
    }

    static func fileName(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }

    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
              !name.isEmpty,
              name.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" })
        else { return nil }
        return (version, String(name))
    }

    /// Every `.sql` file in `directory`, sorted by number. Files with other extensions are
    /// ignored; a `.sql` file with a bad name, or two files with the same number, is an error.
    public static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PostgresError.migration("cannot read the migrations directory \(directory): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            let path = (directory as NSString).appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PostgresError.migration("cannot read \(path)")
            }
            migrations.append(try Migration(fileName: fileName, contents: Array(data)))
        }
        return try validated(migrations)
    }

    /// Sorts by number and refuses duplicate numbers.
    static func validated(_ migrations: [Migration]) throws -> [Migration] {
        let sorted = migrations.sorted { ($0.version, $0.name) < ($1.version, $1.name) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
            throw PostgresError.migration(
                "\(earlier.fileName) and \(later.fileName) have the same number \(later.version); each number may be used once")
        }
        return sorted
    }
}

/// A migration recorded in `schema_migrations`.
public struct AppliedMigration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let checksum: String
    public let appliedAt: Date

    /// The file name it was applied from.
    public var fileName: String { Migration.fileName(version: version, name: name) }
}

/// How the database compares with the migration files.
public struct MigrationStatus: Sendable {
    /// Migrations recorded in the database, in order.
    public let applied: [AppliedMigration]
    /// Files not applied yet, in order.
    public let pending: [Migration]
    /// Migrations the database has but no file describes (applied by a newer version).
    public let unknown: [AppliedMigration]
    /// Files whose contents changed after they were applied.
    public let changed: [Migration]

    /// True when nothing is pending, unknown or changed: `serve` may start.
    public var isUpToDate: Bool { pending.isEmpty && unknown.isEmpty && changed.isEmpty }

    /// Errors that stop `migrate` (and `serve`): changed files, unknown migrations.
    public var problems: [String] {
        changed.map { migration in
            let recorded = applied.first { $0.version == migration.version }
            return "migration \(migration.fileName) was changed after it was applied: "
                + "checksum recorded \(recorded?.checksum.prefix(12) ?? "?")…, file now \(migration.checksum.prefix(12))…; "
                + "add a new migration instead of editing an applied one"
        } + unknown.map { migration in
            "the database has migration \(migration.fileName), which this program does not know "
                + "(was it applied by a newer version?)"
        }
    }
}

extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var text = ""
        text.reserveCapacity(bytes.count)
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): text.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = text
    }
}
