import HTTP
import Mustache
import Web

/// `/login` (the email and password form, and the Google button when configured) and
/// `POST /logout`.
struct LoginController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer
    /// Whether `GOOGLE_CLIENT_ID` and `GOOGLE_CLIENT_SECRET` are set.
    let googleEnabled: Bool

    static let invalidMessage = "The email or password is not right. Check both and try again."

    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        if context.session?.userID != nil {
            return try HTTPResponse.redirect(to: SafeRedirect.path(context.query["next"]) ?? "/app")
        }
        var page = LoginPage(next: SafeRedirect.path(context.query["next"]), googleEnabled: googleEnabled)
        if context.query["withdrawn"] != nil {
            page.notice = AccountService.accessWithdrawnMessage
        } else if context.query["expired"] != nil || context.session?.wasExpired == true {
            page.notice = "Your session ended. Please sign in again."
        }
        return try render(page, context: context)
    }

    func submit(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let form = try request.formData()
        let email = form["email"] ?? ""
        let password = form["password"] ?? ""
        var page = LoginPage(next: SafeRedirect.path(form["next"]), googleEnabled: googleEnabled)
        if let problem = ControlCharacters.problem(in: email, field: "email") {
            page.error = problem
            return try render(page, context: context, status: .unprocessableContent)
        }
        page.email = email
        switch try accounts.checkPassword(email: email, password: password, ipAddress: context.remoteAddress) {
        case .throttled(let seconds):
            page.error = "Too many failed sign-ins. Try again in \(Self.duration(seconds))."
            var response = try render(page, context: context, status: .tooManyRequests)
            response.headers.set("Retry-After", String(seconds))
            return response
        case .invalid:
            page.error = Self.invalidMessage
            return try render(page, context: context, status: .unauthorized)
        case .valid(let user):
            guard let signedIn = try accounts.signIn(user: user, method: "password", request: request, context: context) else {
                // Only reached with the right password, so this says nothing to a guesser.
                page.error = AccountService.accessWithdrawnMessage
                return try render(page, context: context, status: .forbidden)
            }
            return try HTTPResponse.redirect(to: signedIn.destination(next: page.next))
        }
    }

    func logout(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        context.session?.end()
        return try HTTPResponse.redirect(to: "/login")
    }

    private func render(_ page: LoginPage, context: RequestContext, status: HTTPStatus = .ok) throws -> HTTPResponse {
        // The form needs a CSRF token before anyone is signed in.
        _ = try context.session?.csrfToken()
        return try pages.render("accounts/login", page, context: context, status: status)
    }

    /// "45 seconds", "1 minute", "3 minutes".
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
        let minutes = (seconds + 59) / 60
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}

struct LoginPage: MustacheContextConvertible {
    var email = ""
    var next: String?
    var googleEnabled: Bool
    var error: String?
    var notice: String?

    init(next: String?, googleEnabled: Bool) {
        self.next = next
        self.googleEnabled = googleEnabled
    }

    var mustacheValue: MustacheValue {
        [
            "email": [
                "id": "email", "name": "email", "label": "Email", "type": "email", "value": .string(email),
                "required": true, "autocomplete": "username", "help": .null, "error": .null, "placeholder": .null,
            ],
            "password": [
                "id": "password", "name": "password", "label": "Password", "type": "password", "value": "",
                "required": true, "autocomplete": "current-password", "help": .null, "error": .null, "placeholder": .null,
            ],
            "next": next.mustacheValue,
            "googleEnabled": .bool(googleEnabled),
            "googleURL": .string("/auth/google" + (next.map { "?next=" + PercentEncoding.encode($0) } ?? "")),
            "error": error.mustacheValue,
            "notice": notice.mustacheValue,
        ]
    }
}
