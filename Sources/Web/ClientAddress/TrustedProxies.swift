/// The reverse proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges,
/// usually from a comma-separated setting (`127.0.0.1, 10.0.0.0/8, ::1, fd00::/8`).
/// Empty (the default) trusts nobody, so the client is always the socket's peer.
public struct TrustedProxies: Sendable, Hashable {
    public let ranges: [AddressRange]

    /// Trusts nobody.
    public init() {
        ranges = []
    }

    public init(_ ranges: [AddressRange]) {
        self.ranges = ranges
    }

    /// Parses a comma-separated list; blank entries are skipped.
    /// - Throws: `TrustedProxiesError` naming the first entry that is not an address or range.
    public init(parsing list: String) throws(TrustedProxiesError) {
        var ranges: [AddressRange] = []
        for entry in list.split(separator: ",") {
            let trimmed = entry.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            guard let range = AddressRange(trimmed) else { throw TrustedProxiesError(entry: String(trimmed)) }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `address` is one of the trusted proxies.
    public func contains(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }
}

/// A trusted-proxy entry that is neither an IPv4/IPv6 address nor a CIDR range.
public struct TrustedProxiesError: Error, CustomStringConvertible, Equatable {
    private enum Reason: Equatable {
        case malformedEntry(String)
    }

    private let reason: Reason

    init(entry: String) {
        reason = .malformedEntry(entry)
    }

    /// The entry that was refused.
    public var entry: String {
        switch reason {
        case .malformedEntry(let entry): entry
        }
    }

    public var description: String {
        switch reason {
        case .malformedEntry(let entry):
            "'\(entry)' is not an IPv4/IPv6 address or CIDR range (like 10.0.0.0/8 or fd00::/8)"
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...end]
    }
}
