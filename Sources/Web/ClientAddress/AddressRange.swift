/// A single address or a CIDR range (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`).
///
/// IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) match the IPv4 ranges they stand
/// for, so a dual-stack socket's peer matches `127.0.0.1`.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The range's first address as written (host bits are ignored when matching).
    public let network: IPAddress
    /// How many leading bits must match: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil when either part is malformed or the
    /// prefix is longer than the address.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let bits = address.bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(parts[1]), value <= bits else { return nil }
            prefix = value
        }
        let unmapped = address.unmapped
        if unmapped.isIPv4, !address.isIPv4, prefix >= 96 {
            network = unmapped
            prefixLength = prefix - 96
        } else {
            network = address
            prefixLength = prefix
        }
    }

    /// Whether `address` lies in this range.
    public func contains(_ address: IPAddress) -> Bool {
        let address = address.unmapped
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (candidate, base) in zip(address.bytes, network.bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if candidate & mask != base & mask { return false }
            remaining -= 8
        }
        return true
    }

    public var description: String {
        prefixLength == network.bytes.count * 8 ? network.description : "\(network)/\(prefixLength)"
    }
}
