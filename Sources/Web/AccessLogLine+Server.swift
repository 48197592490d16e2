import HTTP
import HTTPServer

extension AccessLogLine {
    /// The line for one request the server answered (its log callback's entry); behind a
    /// trusted proxy the address is the client's, as in `RequestContext.remoteAddress`.
    public static func format(_ entry: AccessLogEntry, trustedProxies: TrustedProxies = TrustedProxies()) -> String {
        let path = RequestTarget.path(entry.target)
        let parts = entry.duration.components
        let milliseconds = Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        return format(
            remote: ClientAddress.resolve(
                peer: entry.remoteAddress, forwardedFor: entry.forwardedFor, trusted: trustedProxies),
            method: entry.method, path: path, status: entry.status,
            bytes: entry.bytes, milliseconds: milliseconds, requestID: nil
        )
    }
}
