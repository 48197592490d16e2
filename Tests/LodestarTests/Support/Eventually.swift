import Foundation

/// Polls `read` until `condition` holds or 10 seconds pass, and returns the last value read
/// (a page loads after a click returns, scripts update it asynchronously; an element
/// replaced while being read counts as "not yet").
func eventually(_ read: () throws -> String, _ condition: (String) -> Bool) -> String {
    let deadline = ContinuousClock.now + .seconds(10)
    var value = (try? read()) ?? ""
    while !condition(value), ContinuousClock.now < deadline {
        Thread.sleep(forTimeInterval: 0.1)
        value = (try? read()) ?? ""
    }
    return value
}
