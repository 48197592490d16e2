/// Names one connection on one loop across threads: file descriptors are reused, so a
/// serial number tells a late message for a closed connection from the new one.
struct ConnectionToken: Sendable, Equatable {
    let fd: Int32
    let serial: UInt64
}
