import Web

/// The address sign-in throttling counts failures under. An IPv4 address counts as itself;
/// an IPv6 address counts as its /64 network, the block a single subscriber or server
/// usually gets whole (counting each of its 2^64 addresses apart would let one attacker
/// rotate through them and never reach the limit). IPv4-mapped IPv6 addresses count as
/// their IPv4 address. Text that is not an address counts as itself.
enum AddressKey {
    static func throttleKey(_ address: String) -> String {
        var text = Substring(address)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard let parsed = IPAddress(text)?.unmapped else { return address }
        if parsed.isIPv4 { return parsed.description }
        let bytes = parsed.bytes
        let network = (0..<4).map { String(UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]), radix: 16) }
        return network.joined(separator: ":") + "::/64"
    }
}
