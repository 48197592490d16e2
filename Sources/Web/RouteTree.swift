import HTTP

/// The compiled form of a `Router`: one node per path segment position, so finding a
/// route costs a dictionary lookup per segment whatever the number of routes.
struct RouteTree: Sendable {
    /// A route ready to run: its own middleware already folded around the handler.
    struct Route: Sendable {
        var pattern: String
        var bodyLimit: Int?
        var run: Handler
    }

    /// What a request's method and path lead to.
    enum Match {
        case found(Route, RouteParameters)
        /// The path exists but not for this method; `allowed` is what it accepts.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// An OPTIONS request for a path that has no OPTIONS route of its own.
        case options(allowed: [HTTPMethod])
        case notFound
    }

    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: (name: String, node: Int)?
        var catchAll: (name: String, node: Int)?
        var routes: [HTTPMethod: Route] = [:]
        var allowed: [HTTPMethod] = []
    }

    private var nodes: [Node] = [Node()]

    init(_ definitions: [Router.Definition]) throws(RouteError) {
        for definition in definitions {
            try insert(definition)
        }
        for index in nodes.indices where !nodes[index].routes.isEmpty {
            nodes[index].allowed = Self.allowList(Set(nodes[index].routes.keys))
        }
    }

    func match(method: HTTPMethod, path: Substring) -> Match {
        guard let segments = RequestPath.segments(path) else { return .notFound }
        var parameters = RouteParameters()
        guard let nodeIndex = find(node: 0, segments: segments, at: 0, parameters: &parameters) else {
            return .notFound
        }
        let node = nodes[nodeIndex]
        if let route = node.routes[method] {
            return .found(route, parameters)
        }
        if method == .head, let route = node.routes[.get] {
            return .found(route, parameters)
        }
        if method == .options {
            return .options(allowed: node.allowed)
        }
        return .methodNotAllowed(allowed: node.allowed)
    }

    /// Depth-first, literal before parameter before catch-all, backtracking when a
    /// branch dead-ends (so `/leads/new` and `/leads/:id/edit` can coexist).
    private func find(node index: Int, segments: [String], at position: Int, parameters: inout RouteParameters) -> Int? {
        let node = nodes[index]
        if position == segments.count {
            return node.routes.isEmpty ? nil : index
        }
        let segment = segments[position]
        if let child = node.literals[segment],
           let found = find(node: child, segments: segments, at: position + 1, parameters: &parameters) {
            return found
        }
        if let (name, child) = node.parameter, RequestPath.isSafeParameter(segment) {
            parameters.append(name, segment)
            if let found = find(node: child, segments: segments, at: position + 1, parameters: &parameters) {
                return found
            }
            parameters.removeLast()
        }
        if let (name, child) = node.catchAll, !nodes[child].routes.isEmpty {
            let rest = segments[position...]
            if rest.allSatisfy(RequestPath.isSafeParameter) {
                parameters.append(name, rest.joined(separator: "/"))
                return child
            }
        }
        return nil
    }

    private mutating func insert(_ definition: Router.Definition) throws(RouteError) {
        let pattern = definition.pattern
        let segments = try PatternSegment.parse(pattern)
        var names: Set<String> = []
        var current = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                if let next = nodes[current].literals[text] {
                    current = next
                } else {
                    nodes.append(Node())
                    nodes[current].literals[text] = nodes.count - 1
                    current = nodes.count - 1
                }
            case .parameter(let name), .catchAll(let name):
                guard names.insert(name).inserted else {
                    throw .malformedPattern(pattern, "parameter '\(name)' appears twice")
                }
                let isCatchAll = if case .catchAll = segment { true } else { false }
                let existing = isCatchAll ? nodes[current].catchAll : nodes[current].parameter
                if let existing {
                    guard existing.name == name else {
                        throw .conflictingParameterNames(pattern, existing: existing.name, new: name)
                    }
                    current = existing.node
                } else {
                    nodes.append(Node())
                    let child = (name: name, node: nodes.count - 1)
                    if isCatchAll { nodes[current].catchAll = child } else { nodes[current].parameter = child }
                    current = child.node
                }
            }
        }
        guard nodes[current].routes[definition.method] == nil else {
            throw .duplicateRoute(definition.method, pattern)
        }
        nodes[current].routes[definition.method] = Route(
            pattern: pattern, bodyLimit: definition.bodyLimit,
            run: definition.middleware.wrapping { [handler = definition.handler] request, context in
                context.scope.record(context)
                return try handler(request, context)
            }
        )
    }

    /// Registered methods in a familiar order, plus HEAD (answered by GET) and OPTIONS.
    private static func allowList(_ registered: Set<HTTPMethod>) -> [HTTPMethod] {
        var methods = registered
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        let order: [HTTPMethod] = [.get, .head, .post, .put, .patch, .delete, .options]
        let known = order.filter(methods.contains)
        let others = methods.subtracting(order).sorted { $0.rawValue < $1.rawValue }
        return known + others
    }
}

/// One segment of a route pattern.
enum PatternSegment: Equatable {
    case literal(String)
    case parameter(String)
    case catchAll(String)

    static func parse(_ pattern: String) throws(RouteError) -> [PatternSegment] {
        guard pattern.hasPrefix("/") else { throw .malformedPattern(pattern, "must start with '/'") }
        if pattern == "/" { return [] }
        let pieces = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segments: [PatternSegment] = []
        for (offset, piece) in pieces.enumerated() {
            guard !piece.isEmpty else {
                throw .malformedPattern(pattern, "has an empty segment (a doubled or trailing '/')")
            }
            if let marker = piece.first, marker == ":" || marker == "*" {
                let name = String(piece.dropFirst())
                guard isIdentifier(name) else {
                    throw .malformedPattern(pattern, "'\(piece)' needs a name of letters, digits and '_'")
                }
                if marker == "*" {
                    guard offset == pieces.count - 1 else {
                        throw .malformedPattern(pattern, "'\(piece)' must be the last segment")
                    }
                    segments.append(.catchAll(name))
                } else {
                    segments.append(.parameter(name))
                }
            } else {
                guard !piece.contains("%"), !piece.contains("?"), !piece.contains("#") else {
                    throw .malformedPattern(pattern, "write literal segments decoded, without '%', '?' or '#'")
                }
                segments.append(.literal(String(piece)))
            }
        }
        return segments
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }
    }
}
