/// The named fields of a ``MustacheValue/object(_:)``, kept in insertion order.
///
/// Each key is stored with a 64-bit fingerprint computed once, when the object is
/// built; a template lookup compares fingerprints (precomputed for the template's names
/// at parse time) before comparing strings, which is much cheaper than hashing the name
/// into a dictionary on every lookup. Large objects also keep an index for direct access.
public struct MustacheObject: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let fingerprint: UInt64
        let key: String
        var value: MustacheValue
    }

    /// Above this many fields, lookups go through a dictionary index instead of a scan.
    static let indexThreshold = 24

    private(set) var entries: [Entry] = []
    private var index: [String: Int]?

    /// An empty object.
    public init() {}

    /// An object with the fields of `dictionary` (in the dictionary's order).
    public init(_ dictionary: [String: MustacheValue]) {
        entries.reserveCapacity(dictionary.count)
        for (key, value) in dictionary {
            entries.append(Entry(fingerprint: Self.fingerprint(key), key: key, value: value))
        }
        rebuildIndex()
    }

    /// An object with `fields` in order; a repeated key keeps its last value.
    public init(_ fields: [(String, MustacheValue)]) {
        entries.reserveCapacity(fields.count)
        for (key, value) in fields {
            self[key] = value
        }
    }

    /// Number of fields.
    public var count: Int { entries.count }

    /// The field names, in order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of field `key`, or nil; setting nil removes the field.
    public subscript(key: String) -> MustacheValue? {
        get {
            position(of: key, fingerprint: Self.fingerprint(key)).map { entries[$0].value }
        }
        set {
            let fingerprint = Self.fingerprint(key)
            if let at = position(of: key, fingerprint: fingerprint) {
                if let newValue {
                    entries[at].value = newValue
                } else {
                    entries.remove(at: at)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append(Entry(fingerprint: fingerprint, key: key, value: newValue))
                if index != nil {
                    index?[key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Lookup with a fingerprint computed in advance (template names).
    @inline(__always)
    func value(for key: String, fingerprint: UInt64) -> MustacheValue? {
        position(of: key, fingerprint: fingerprint).map { entries[$0].value }
    }

    @inline(__always)
    private func position(of key: String, fingerprint: UInt64) -> Int? {
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

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built: [String: Int] = [:]
        built.reserveCapacity(entries.count)
        for (at, entry) in entries.enumerated() {
            built[entry.key] = at
        }
        index = built
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
        for entry in lhs.entries where rhs[entry.key] != entry.value {
            return false
        }
        return true
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
        entries.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}
