import HTTP
import Web

/// Why a Google sign-in did not complete. Each case answers with a status and a message a
/// person can act on; `detail` (for the log and the audit entry only) says what exactly
/// was wrong, and never reaches the page.
struct GoogleSignInError: PresentableError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable, Equatable {
        case stateMissing
        case stateMismatch
        case accessDenied
        case providerError(String)
        case codeMissing
        case tokenExchangeFailed(String)
        case malformedIDToken(String)
        case claimRejected(String)
        case emailMissing
        case emailNotVerified(String)
        case notWhitelisted(String)
        case accessWithdrawn(String)
        case linkedToAnotherGoogleAccount(String)
    }

    private let kind: Kind
    /// Extra headers (the cleared state cookie).
    var headers: HTTPHeaders = [:]

    static let stateMissing = GoogleSignInError(kind: .stateMissing)
    static let stateMismatch = GoogleSignInError(kind: .stateMismatch)
    static let accessDenied = GoogleSignInError(kind: .accessDenied)
    static let codeMissing = GoogleSignInError(kind: .codeMissing)
    static let emailMissing = GoogleSignInError(kind: .emailMissing)
    static func providerError(_ code: String) -> GoogleSignInError { GoogleSignInError(kind: .providerError(code)) }
    static func tokenExchangeFailed(_ detail: String) -> GoogleSignInError { GoogleSignInError(kind: .tokenExchangeFailed(detail)) }
    static func malformedIDToken(_ detail: String) -> GoogleSignInError { GoogleSignInError(kind: .malformedIDToken(detail)) }
    static func claimRejected(_ detail: String) -> GoogleSignInError { GoogleSignInError(kind: .claimRejected(detail)) }
    static func emailNotVerified(_ email: String) -> GoogleSignInError { GoogleSignInError(kind: .emailNotVerified(email)) }
    static func notWhitelisted(_ email: String) -> GoogleSignInError { GoogleSignInError(kind: .notWhitelisted(email)) }
    static func accessWithdrawn(_ email: String) -> GoogleSignInError { GoogleSignInError(kind: .accessWithdrawn(email)) }
    static func linkedToAnotherGoogleAccount(_ email: String) -> GoogleSignInError {
        GoogleSignInError(kind: .linkedToAnotherGoogleAccount(email))
    }

    var status: HTTPStatus {
        switch kind {
        case .stateMissing, .codeMissing: .badRequest
        case .accessDenied: .unauthorized
        case .providerError, .tokenExchangeFailed, .malformedIDToken: HTTPStatus(code: 502)
        case .stateMismatch, .claimRejected, .emailMissing, .emailNotVerified, .notWhitelisted, .accessWithdrawn,
             .linkedToAnotherGoogleAccount:
            .forbidden
        }
    }

    var message: String {
        switch kind {
        case .stateMissing:
            "This Google sign-in expired or was started in another browser. Go back to the sign-in page and choose “Sign in with Google” again."
        case .stateMismatch:
            "This Google sign-in could not be matched to the one started in this browser, so it was stopped. Go back to the sign-in page and try again."
        case .accessDenied:
            "Google sign-in was cancelled, so you are not signed in. Go back to the sign-in page to try again or use your email and password."
        case .providerError, .tokenExchangeFailed, .malformedIDToken:
            "Google did not complete the sign-in. Wait a moment and try again from the sign-in page."
        case .codeMissing:
            "Google's answer was incomplete. Go back to the sign-in page and try again."
        case .claimRejected:
            "Google's answer could not be verified, so you are not signed in. Go back to the sign-in page and try again."
        case .emailMissing:
            "Your Google account did not share an email address, which Lodestar needs to sign you in."
        case .emailNotVerified(let email):
            "The Google account \(email) has not verified its email address, so it cannot be used to sign in. Verify it with Google first."
        case .notWhitelisted(let email):
            "\(email) is not allowed to sign in to Lodestar. Ask an administrator of your organization to add it to the whitelist."
        case .accessWithdrawn:
            AccountService.accessWithdrawnMessage
        case .linkedToAnotherGoogleAccount(let email):
            "The Lodestar account for \(email) is linked to a different Google account. Sign in with that one, or with your email and password."
        }
    }

    /// The action name for the audit log.
    var auditAction: String {
        switch kind {
        case .stateMissing: "google_sign_in.state_missing"
        case .stateMismatch: "google_sign_in.state_mismatch"
        case .accessDenied: "google_sign_in.cancelled"
        case .providerError: "google_sign_in.provider_error"
        case .codeMissing: "google_sign_in.code_missing"
        case .tokenExchangeFailed: "google_sign_in.token_exchange_failed"
        case .malformedIDToken: "google_sign_in.malformed_id_token"
        case .claimRejected: "google_sign_in.id_token_rejected"
        case .emailMissing: "google_sign_in.email_missing"
        case .emailNotVerified: "google_sign_in.email_not_verified"
        case .notWhitelisted: "google_sign_in.not_whitelisted"
        case .accessWithdrawn: "google_sign_in.access_withdrawn"
        case .linkedToAnotherGoogleAccount: "google_sign_in.linked_to_another_account"
        }
    }

    /// What exactly went wrong, for the log and the audit entry. Control characters are
    /// escaped: the text can come from the callback's query (`error`) or the provider's
    /// answer, and a line break in it would forge lines in the log.
    var detail: String {
        Self.escapingControlCharacters(rawDetail)
    }

    static func escapingControlCharacters(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private var rawDetail: String {
        switch kind {
        case .providerError(let text), .tokenExchangeFailed(let text), .malformedIDToken(let text),
             .claimRejected(let text), .emailNotVerified(let text), .notWhitelisted(let text), .accessWithdrawn(let text),
             .linkedToAnotherGoogleAccount(let text):
            text
        default:
            ""
        }
    }

    var description: String { detail.isEmpty ? auditAction : "\(auditAction): \(detail)" }

    func with(headers: HTTPHeaders) -> GoogleSignInError {
        var copy = self
        copy.headers = headers
        return copy
    }
}
