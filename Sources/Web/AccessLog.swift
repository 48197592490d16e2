import HTTP

/// One access line per request, in one compact format:
///
/// `2026-11-21T22:40:01.123Z 127.0.0.1 GET /static/app.css 200 1234B 0.42ms id=k3f9a2x-1c`
///
/// The path is logged without its query (queries can carry tokens). The server knows
/// every answered request (including those it refuses itself, 400/413/503) and the bytes
/// it really sent, so `lodestar serve` writes these lines from the server's log callback.
public enum AccessLogLine {
    public static func format(
        remote: String, method: HTTPMethod, path: Substring, status: Int,
        bytes: Int?, milliseconds: Double, requestID: String?
    ) -> String {
        var line = LogTimestamp.now() + " " + remote + " " + method.rawValue + " " + sanitizedPath(path)
        line += " \(status) " + (bytes.map { "\($0)B" } ?? "-") + " " + formatMilliseconds(milliseconds) + "ms"
        if let requestID { line += " id=" + requestID }
        return line
    }

    /// The path with anything that could break a log line (spaces, quotes, control and
    /// non-ASCII bytes) percent-encoded.
    static func sanitizedPath(_ path: Substring) -> String {
        let utf8 = path.utf8
        if utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x22 }) { return String(path) }
        var result = ""
        for byte in utf8 {
            if byte > 0x20 && byte < 0x7F && byte != 0x22 {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// Two decimals below 10 ms, whole numbers above.
    static func formatMilliseconds(_ value: Double) -> String {
        if value >= 10 { return String(Int(value.rounded())) }
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100)." + LogTimestamp.pad(hundredths % 100)
    }
}
