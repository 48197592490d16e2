/// An ordered list of header fields. Names compare case-insensitively (ASCII); the
/// original spelling and order are kept for serialization.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the named field, or nil.
    public subscript(name: String) -> String? {
        fields.first(where: { Self.namesMatch($0.name, name) })?.value
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains(where: { Self.namesMatch($0.name, name) })
    }

    /// Appends a field, keeping any with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field with this name by one field with this value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        fields.removeAll(where: { Self.namesMatch($0.name, name) })
    }

    /// ASCII case-insensitive comparison without allocating.
    public static func namesMatch(_ a: String, _ b: String) -> Bool {
        let left = a.utf8, right = b.utf8
        guard left.count == right.count else { return false }
        for (x, y) in zip(left, right) where x != y {
            let lowerX = (x >= 65 && x <= 90) ? x | 0x20 : x
            let lowerY = (y >= 65 && y <= 90) ? y | 0x20 : y
            if lowerX != lowerY { return false }
        }
        return true
    }
}
