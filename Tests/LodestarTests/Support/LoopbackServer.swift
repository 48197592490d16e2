import HTTPServer

/// Serves a responder with our HTTPServer on 127.0.0.1 for a test.
enum LoopbackServer {
    /// Starts on `port` (0: any free port; read it back from `boundPort`).
    static func start(_ responder: any HTTPResponder, port: Int = 0) throws -> HTTPServer {
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port, eventLoopCount: 1, workerCount: 4),
            responder: responder
        )
        try server.start()
        return server
    }

    static func stop(_ server: HTTPServer) {
        server.shutdown()
        server.waitUntilStopped()
    }
}
