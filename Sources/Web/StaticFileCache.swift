import Synchronization

/// Static files already looked up, by their relative path, with a byte budget for the
/// contents held. Only files that exist are ever entered, so the number of entries is
/// bounded by the files under the root whatever paths clients ask for.
final class StaticFileCache: Sendable {
    private struct State {
        var files: [String: StaticFile] = [:]
        var heldBytes = 0
    }

    private let state = Mutex(State())
    private let maxBytes: Int

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    subscript(relative: String) -> StaticFile? {
        state.withLock { $0.files[relative] }
    }

    /// Keeps `file` unless its bytes would exceed the budget (it is then read per request).
    func insert(_ file: StaticFile, for relative: String) {
        state.withLock { state in
            let size = file.bytes?.count ?? 0
            let replaced = state.files[relative]?.bytes?.count ?? 0
            guard state.heldBytes - replaced + size <= maxBytes else { return }
            state.files[relative] = file
            state.heldBytes += size - replaced
        }
    }

    func remove(_ relative: String) {
        state.withLock { state in
            if let old = state.files.removeValue(forKey: relative) {
                state.heldBytes -= old.bytes?.count ?? 0
            }
        }
    }
}
