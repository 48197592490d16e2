import Glibc

enum FileDescriptorLimit {
    /// Raises the soft open-file limit (up to the hard limit) so `connections` sockets
    /// plus some spare fit; Debian's default soft limit of 1024 is below the server's
    /// default connection limit.
    static func raise(toFit connections: Int) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return }
        let wanted = rlim_t(connections + 256)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(resource, &limit)
    }
}
