import Synchronization

/// State shared by every copy of one request's context: the query, parsed once on first
/// use, and what the context held when the handler received it (with everything route
/// middleware added), so that an error page rendered further out can still show the
/// signed-in user.
final class RequestScope: Sendable {
    /// The parts of a context that middleware and routing change. (Not the context
    /// itself: it refers to this scope, and holding it here would be a retain cycle.)
    struct Snapshot: Sendable {
        var parameters: RouteParameters
        var route: String?
        var storage: ContextStorage
    }

    private struct State {
        var query: QueryParameters?
        var snapshot: Snapshot?
    }

    private let target: String
    private let state = Mutex(State())

    init(target: String) {
        self.target = target
    }

    var query: QueryParameters {
        state.withLock { state in
            if let query = state.query { return query }
            let parsed = QueryParameters(query: RequestTarget.query(target))
            state.query = parsed
            return parsed
        }
    }

    /// What the innermost context seen so far held.
    var snapshot: Snapshot? {
        state.withLock { $0.snapshot }
    }

    func record(_ context: RequestContext) {
        let snapshot = Snapshot(parameters: context.parameters, route: context.route, storage: context.storage)
        state.withLock { $0.snapshot = snapshot }
    }
}
