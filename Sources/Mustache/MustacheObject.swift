/// The named fields of a ``MustacheValue/object(_:)``, kept in insertion order.
///
/// Each key is stored with a 64-bit fingerprint computed once, when the object is
/// built; a template lookup compares fingerprints (precomputed for the template's names
/// at parse time) before comparing strings, which is much cheaper than hashing the name
/// into a dictionary on every lookup. Large objects also keep an index for direct access.
/// Copies share storage until one of them is modified.
public struct MustacheObject: Sendable, Equatable {
    struct Entry: Sendable {
        let fingerprint: UInt64
        let key: String
        var value: MustacheValue
    }

    /// Immutable shared storage: one reference to retain when a value is copied, and
    /// `let` fields so reading them needs no exclusivity checks.
    final class Storage: Sendable {
        let entries: ContiguousArray<Entry>
        let index: [String: Int]?

        init(entries: ContiguousArray<Entry>) {
            self.entries = entries
            if entries.count > MustacheObject.indexThreshold {
                var built: [String: Int] = [:]
                built.reserveCapacity(entries.count)
                for (at, entry) in entries.enumerated() {
                    built[entry.key] = at
                }
                self.index = built
            } else {
                self.index = nil
            }
        }
    }

    /// Above this many fields, lookups go through a dictionary index instead of a scan.
    static let indexThreshold = 24

    private(set) var storage: Storage

    /// An empty object.
    public init() {
        storage = Storage(entries: [])
    }

    /// An object with the fields of `dictionary` (in the dictionary's order).
    public init(_ dictionary: [String: MustacheValue]) {
        var entries = ContiguousArray<Entry>()
        entries.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            entries.append(Entry(fingerprint: Self.fingerprint(key), key: key, value: value))
        }
        storage = Storage(entries: entries)
    }

    /// An object with `fields` in order; a repeated key keeps its last value.
    public init(_ fields: [(String, MustacheValue)]) {
        var entries = ContiguousArray<Entry>()
        entries.reserveCapacity(fields.count)
        var positions: [String: Int]? = fields.count > Self.indexThreshold ? [:] : nil
        for (key, value) in fields {
            let fingerprint = Self.fingerprint(key)
            let existing: Int?
            if let known = positions {
                existing = known[key]
            } else {
                existing = entries.firstIndex { $0.fingerprint == fingerprint && $0.key == key }
            }
            if let existing {
                entries[existing].value = value
            } else {
                positions?[key] = entries.count
                entries.append(Entry(fingerprint: fingerprint, key: key, value: value))
            }
        }
        storage = Storage(entries: entries)
    }

    /// Number of fields.
    public var count: Int { storage.entries.count }

    /// The field names, in order.
    public var keys: [String] { storage.entries.map(\.key) }

    /// The value of field `key`, or nil; setting nil removes the field.
    /// (Setting copies the fields: build large objects in one go instead.)
    public subscript(key: String) -> MustacheValue? {
        get {
            value(for: key, fingerprint: Self.fingerprint(key))
        }
        set {
            var entries = storage.entries
            let fingerprint = Self.fingerprint(key)
            if let at = storage.position(of: key, fingerprint: fingerprint) {
                if let newValue {
                    entries[at].value = newValue
                } else {
                    entries.remove(at: at)
                }
            } else if let newValue {
                entries.append(Entry(fingerprint: fingerprint, key: key, value: newValue))
            } else {
                return
            }
            storage = Storage(entries: entries)
        }
    }

    /// Lookup with a fingerprint computed in advance (template names).
    @inline(__always)
    func value(for key: String, fingerprint: UInt64) -> MustacheValue? {
        let storage = self.storage
        guard let at = storage.position(of: key, fingerprint: fingerprint) else { return nil }
        return storage.entries[at].value
    }

    /// FNV-1a over the UTF-8 bytes: cheap, stable, and good enough to tell field names apart
    /// (equal fingerprints are always confirmed by comparing the strings).
    @inline(__always)
    static func fingerprint(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func == (lhs: MustacheObject, rhs: MustacheObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.storage.entries where rhs[entry.key] != entry.value {
            return false
        }
        return true
    }
}

extension MustacheObject.Storage {
    @inline(__always)
    func position(of key: String, fingerprint: UInt64) -> Int? {
        if let index {
            return index[key]
        }
        return entries.withUnsafeBufferPointer { buffer -> Int? in
            var at = 0
            while at < buffer.count {
                if buffer[at].fingerprint == fingerprint, buffer[at].key == key { return at }
                at += 1
            }
            return nil
        }
    }
}

extension MustacheObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self.init(elements)
    }
}

extension MustacheObject: Sequence {
    /// The fields in order, as `(key, value)` pairs.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: MustacheValue)> {
        storage.entries.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}
