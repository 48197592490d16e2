import Foundation
import Synchronization

/// Where the web layer writes its lines (access lines, error details). Each line is
/// written whole, so lines from concurrent requests never interleave.
public struct LogWriter: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes `line` (without its newline).
    public func write(_ line: String) {
        sink(line)
    }

    /// Standard error, one `write(2)` per line (for tools and tests; `lodestar serve` uses
    /// a `BufferedLogOutput`).
    public static let standardError = LogWriter { line in
        writeFully(2, Array((line + "\n").utf8))
    }

    /// Drops every line.
    public static let discard = LogWriter { _ in }
}

/// Writes all of `bytes` to `descriptor`, retrying after signals and short writes; gives
/// up silently when the descriptor refuses (a log must never stop the program).
func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// Formats timestamps for log lines: `2026-11-21T22:40:01.123Z`.
enum LogTimestamp {
    /// The formatted date and time of the last second asked for; most lines share it.
    private static let lastSecond = Mutex<(seconds: Int, text: String)>((-1, ""))

    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let seconds = Int(spec.tv_sec)
        let prefix = lastSecond.withLock { cached in
            if cached.seconds == seconds { return cached.text }
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            let text = "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
                + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
            cached = (seconds, text)
            return text
        }
        return prefix + "." + pad(Int(spec.tv_nsec) / 1_000_000, width: 3) + "Z"
    }

    static func pad<T: BinaryInteger>(_ value: T, width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
