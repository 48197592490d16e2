import HTTP

extension HTTPResponse {
    /// An HTML page (UTF-8).
    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/html; charset=utf-8"],
            body: .bytes(Array(html.utf8))
        )
    }

    /// A redirect to a path on this site (`/app`), by default 303 See Other, which makes
    /// the browser follow with GET (the answer to a form POST). Refuses, as a programming
    /// mistake, anything that is not a local path, so user input cannot turn it into an
    /// open redirect.
    public static func redirect(to path: String, status: HTTPStatus = .seeOther) throws -> HTTPResponse {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"),
              !path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
        else {
            throw WebError.badRequest("That address cannot be redirected to.")
        }
        return HTTPResponse(status: status, headers: ["Location": path])
    }
}
