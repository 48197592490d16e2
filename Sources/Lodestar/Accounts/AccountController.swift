import HTTP
import Mustache
import Security
import Web

/// `/app/account`: change password, sign out everywhere.
struct AccountController: Sendable {
    let accounts: AccountService
    let pages: PageRenderer

    func show(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try render(auth, error: nil)
    }

    func changePassword(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        let form = try request.formData()
        let current = form["current_password"] ?? ""
        let password = form["password"] ?? ""
        // Guesses at the current password count against the same limits as the sign-in
        // form, so a borrowed session cannot be used to find it out and take the account over.
        let attemptID: Int64
        switch try accounts.throttle.begin(email: auth.user.email, ipAddress: auth.request.remoteAddress) {
        case .throttled(let seconds):
            var response = try render(
                auth, error: "Too many wrong passwords. Try again in \(LoginController.duration(seconds)).", status: .tooManyRequests)
            response.headers.set("Retry-After", String(seconds))
            return response
        case .admitted(let id):
            attemptID = id
        }
        guard let stored = auth.user.passwordHash,
              try accounts.hasher.verify(password: current, encoded: stored).isMatch
        else {
            return try render(auth, error: "Your current password is not right.", status: .unprocessableContent)
        }
        try accounts.throttle.succeeded(attemptID: attemptID)
        guard password == (form["password_confirmation"] ?? "") else {
            return try render(auth, error: "The new password and its confirmation differ.", status: .unprocessableContent)
        }
        if let violation = accounts.policy.violation(for: password, email: auth.user.email) {
            return try render(auth, error: violation.message, status: .unprocessableContent)
        }
        let hash = try accounts.hasher.hash(password: password)
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.setPasswordHash(userID: auth.user.id, hash)
            try transaction.audit(auth.auditEvent("user.password_changed", entityType: "user", entityID: String(auth.user.id)))
        }
        // Other sessions (a thief's, perhaps) end; this one continues.
        try accounts.sessions.deleteAll(userID: auth.user.id, keeping: auth.session?.current?.id)
        try auth.session?.flash(.success, "Your password was changed. Other sessions were signed out.")
        return try HTTPResponse.redirect(to: "/app/account")
    }

    func signOutEverywhere(_ request: HTTPRequest, _ auth: AuthenticatedContext) throws -> HTTPResponse {
        try accounts.database.tenant(organizationID: auth.organizationID, userID: auth.user.id) { transaction in
            try transaction.audit(auth.auditEvent("user.signed_out_everywhere", entityType: "user", entityID: String(auth.user.id)))
        }
        try accounts.sessions.deleteAll(userID: auth.user.id)
        auth.session?.end()
        return try HTTPResponse.redirect(to: "/login")
    }

    private func render(_ auth: AuthenticatedContext, error: String?, status: HTTPStatus = .ok) throws -> HTTPResponse {
        func field(_ id: String, _ label: String, _ autocomplete: String, help: String? = nil) -> MustacheValue {
            [
                "id": .string(id), "name": .string(id), "label": .string(label), "type": "password", "value": "",
                "required": true, "autocomplete": .string(autocomplete), "help": help.mustacheValue,
                "error": .null, "placeholder": .null,
            ]
        }
        let page: MustacheValue = [
            "email": .string(auth.user.email),
            "error": error.mustacheValue,
            "current": field("current_password", "Current password", "current-password"),
            "password": field("password", "New password", "new-password", help: "At least 12 characters; not a common password."),
            "confirmation": field("password_confirmation", "New password again", "new-password"),
        ]
        return try pages.render("accounts/account", page, context: auth.request, status: status)
    }
}
