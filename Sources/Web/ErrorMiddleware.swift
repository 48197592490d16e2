import HTTP

/// Turns thrown errors into responses: a `PresentableError` into its status, headers and
/// an error page with its message; anything else into a generic 500 page, with the
/// error's detail written to the log only (tagged with the request id the page shows).
/// The page is rendered with the context the handler saw when it got that far, so a
/// template can show what route middleware established (the user, the organization).
struct ErrorMiddleware: Middleware {
    let renderer: any ErrorPageRenderer
    let log: LogWriter

    func handle(_ request: HTTPRequest, _ context: RequestContext, next: Handler) throws -> HTTPResponse {
        do {
            return try next(request, context)
        } catch let error as any PresentableError {
            let page = ErrorPage(status: error.status, message: error.message, requestID: context.requestID)
            var response = render(page, request, context)
            for field in error.headers {
                response.headers.set(field.name, field.value)
            }
            return response
        } catch {
            log.write(
                "error id=\(context.requestID) \(request.method) \(AccessLogLine.sanitizedPath(RequestTarget.path(request.target))): "
                    + String(reflecting: error)
            )
            let page = ErrorPage(
                status: .internalServerError,
                message: WebError.defaultMessage(for: .internalServerError),
                requestID: context.requestID
            )
            return render(page, request, context)
        }
    }

    private func render(_ page: ErrorPage, _ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        var context = context
        if let snapshot = context.scope.snapshot {
            context.parameters = snapshot.parameters
            context.route = snapshot.route
            context.storage = snapshot.storage
        }
        var response: HTTPResponse
        do {
            response = try renderer.render(page, for: request, context: context)
        } catch {
            log.write("error id=\(context.requestID): error page renderer failed: \(String(reflecting: error))")
            response = BuiltInErrorPages.response(for: page)
        }
        response.status = page.status
        if !response.headers.contains("Cache-Control") {
            response.headers.add("Cache-Control", "no-store")
        }
        return response
    }
}
