/// Finds the client's address for a request that may have come through reverse proxies.
///
/// When the socket's peer is a trusted proxy, `X-Forwarded-For` (all its header lines,
/// in order, as one list) is walked from the right: each trusted hop is skipped and
/// the first untrusted address is the client; when every hop is trusted, the leftmost
/// is. A malformed entry stops the walk at the last good address. When the peer is not
/// trusted, the header is ignored, so a client cannot claim another address.
public enum ClientAddress {
    /// The client's address: `peer` itself, or an address from `forwardedFor` written in
    /// canonical form (`2001:db8::1`, never the header's raw text).
    public static func resolve(peer: String, forwardedFor: [String], trusted: TrustedProxies) -> String {
        guard !trusted.isEmpty, !forwardedFor.isEmpty,
              let peerAddress = IPAddress(peer), trusted.contains(peerAddress) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var client = peer
        for hop in hops.reversed() {
            guard let address = parseHop(hop.trimmingSpaces) else { break }
            client = address.unmapped.description
            if !trusted.contains(address) { break }
        }
        return client
    }

    /// An entry as proxies write them: a bare address, `[v6]` or `[v6]:port`, or `v4:port`.
    private static func parseHop(_ text: Substring) -> IPAddress? {
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":" else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        let colons = text.count { $0 == ":" }
        if colons == 1, let colon = text.firstIndex(of: ":") {
            guard isPort(text[text.index(after: colon)...]) else { return nil }
            return IPAddress(text[..<colon])
        }
        return IPAddress(text)
    }

    private static func isPort(_ text: Substring) -> Bool {
        (1...5).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
