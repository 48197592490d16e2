import Synchronization

/// Sessions kept in this process's memory: for tests and single-process tools. Lost on
/// restart and not shared between processes; the application uses its database store.
public final class InMemorySessionStore: SessionStore {
    private let sessions = Mutex<[String: Session]>([:])

    public init() {}

    public func load(id: String) throws -> Session? {
        sessions.withLock { $0[id] }
    }

    public func insert(_ session: Session) throws {
        sessions.withLock { $0[session.id] = session }
    }

    public func update(_ session: Session) throws {
        sessions.withLock { if $0[session.id] != nil { $0[session.id] = session } }
    }

    public func delete(id: String) throws {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// How many sessions are stored.
    public var count: Int { sessions.withLock { $0.count } }
}
