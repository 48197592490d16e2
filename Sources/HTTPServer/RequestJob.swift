import Glibc
import HTTP

/// One complete request on its way to a worker, with what the worker needs to answer
/// it and to hand the answer back to the connection's loop.
struct RequestJob: Sendable {
    let request: HTTPRequest
    let connection: ConnectionInfo
    let token: ConnectionToken
    let inbox: LoopInbox
    /// A spooled body file to delete once the response is done.
    let spoolPath: String?

    /// Runs the handler on this worker thread and posts the serialized response (or the
    /// head of a stream, then its body) to the loop.
    func run(responder: any HTTPResponder, context: inout WorkerContext) {
        var spoolPath = spoolPath
        defer {
            if let spoolPath { unlink(spoolPath) }
        }
        let response = responder.respond(to: request, connection: connection)
        if case .stream = response.body {} else if let path = spoolPath {
            // Deleted before the response goes out, so a client never sees it linger.
            unlink(path)
            spoolPath = nil
        }
        let head = ResponseContext(request.head)
        let date = context.dates.current()

        switch response.body {
        case .empty:
            inbox.post(.response(token, ResponseEncoding.complete(
                response, body: [], request: head, date: date)))
        case .bytes(let body):
            inbox.post(.response(token, ResponseEncoding.complete(
                response, body: body, request: head, date: date)))
        case .stream(let produce):
            let channel = ResponseStreamChannel(inbox: inbox, token: token)
            let started = ResponseEncoding.streamHead(response, request: head, date: date)
            inbox.post(.streamStarted(token, started, channel))
            if started.bodyFraming == .none {
                channel.finish(failed: false)
                return
            }
            do {
                try produce(StreamBodyWriter(channel: channel))
                channel.finish(failed: false)
            } catch {
                channel.finish(failed: true)
            }
        }
    }
}

/// State a worker thread keeps between jobs.
struct WorkerContext {
    var dates = DateHeaderCache()
}
