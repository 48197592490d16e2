import Synchronization

/// State shared by every copy of one request's context: the query, parsed once on first
/// use, and the context as the handler received it (with everything route middleware
/// added), so that an error page rendered further out can still show the signed-in user.
final class RequestScope: Sendable {
    private struct State {
        var query: QueryParameters?
        var handlerContext: RequestContext?
    }

    private let rawQuery: String?
    private let state = Mutex(State())

    init(rawQuery: String?) {
        self.rawQuery = rawQuery
    }

    var query: QueryParameters {
        state.withLock { state in
            if let query = state.query { return query }
            let parsed = QueryParameters(query: rawQuery.map { $0[...] })
            state.query = parsed
            return parsed
        }
    }

    /// The context the handler ran with, once the route's middleware has let it through.
    var handlerContext: RequestContext? {
        state.withLock { $0.handlerContext }
    }

    func recordHandlerContext(_ context: RequestContext) {
        state.withLock { $0.handlerContext = context }
    }
}
