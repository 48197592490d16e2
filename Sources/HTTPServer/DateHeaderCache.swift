import Glibc
import HTTP

/// The `Date` header value, formatted at most once a second per thread (each event loop
/// and worker keeps its own, so no lock is taken per response).
struct DateHeaderCache {
    private var second = -1
    private var value = ""

    mutating func current() -> String {
        let now = Int(time(nil))
        if now != second {
            second = now
            value = HTTPDate.format(secondsSince1970: now)
        }
        return value
    }
}
