import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Dispatch
import Synchronization
import HTTP

/// The server-to-server half of the flow: exchanges an authorization code at the token
/// endpoint and reads the userinfo endpoint, with FoundationNetworking's URLSession.
/// Blocking (handlers run on worker threads), with the settings' timeout.
struct GoogleTokenClient: Sendable {
    let settings: GoogleSettings

    /// What the token endpoint answers that sign-in uses.
    struct TokenResponse: Decodable, Sendable {
        var access_token: String?
        var id_token: String
        var token_type: String?
        var expires_in: Int?
    }

    /// POSTs the code with the client credentials and the PKCE verifier (RFC 6749 4.1.3,
    /// RFC 7636 4.5). Any answer but a 200 with an `id_token` throws `.tokenExchangeFailed`
    /// whose detail (status and body) is for the log only.
    func exchange(code: String, redirectURI: String, codeVerifier: String) throws(GoogleSignInError) -> TokenResponse {
        let form: [(String, String)] = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("client_id", settings.clientID),
            ("client_secret", settings.clientSecret),
            ("code_verifier", codeVerifier),
        ]
        var request = URLRequest(url: settings.tokenURL, timeoutInterval: settings.requestTimeout)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = Data(form.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }
            .joined(separator: "&").utf8)
        let (status, body) = try perform(request)
        guard status == 200 else {
            throw .tokenExchangeFailed("token endpoint answered \(status): \(Self.snippet(body))")
        }
        do {
            return try JSONDecoder().decode(TokenResponse.self, from: body)
        } catch {
            throw .tokenExchangeFailed("token endpoint JSON without id_token: \(Self.snippet(body))")
        }
    }

    /// The `name` from the userinfo endpoint, or nil when it cannot be had (the name is a
    /// nicety; sign-in does not depend on it).
    func fetchName(accessToken: String) -> String? {
        var request = URLRequest(url: settings.userinfoURL, timeoutInterval: settings.requestTimeout)
        request.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        guard let (status, body) = try? perform(request), status == 200,
              let object = try? JSONDecoder().decode([String: JSONScalar].self, from: body),
              case .string(let name)? = object["name"], !name.isEmpty
        else { return nil }
        return name
    }

    private func perform(_ request: URLRequest) throws(GoogleSignInError) -> (Int, Data) {
        let outcome = Mutex<Result<(Int, Data), any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: request) { data, response, error in
            let result: Result<(Int, Data), any Error>
            if let error {
                result = .failure(error)
            } else {
                result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data()))
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        // The request's own timeout ends the task; the extra margin only guards against a
        // completion handler that never runs.
        if done.wait(timeout: .now() + settings.requestTimeout + 5) == .timedOut {
            task.cancel()
            throw .tokenExchangeFailed("\(request.url?.absoluteString ?? "?") did not answer in time")
        }
        switch outcome.withLock({ $0 }) {
        case .success(let value)?:
            return value
        case .failure(let error)?:
            throw .tokenExchangeFailed("\(request.url?.absoluteString ?? "?"): \(error.localizedDescription)")
        case nil:
            throw .tokenExchangeFailed("no answer")
        }
    }

    private static func snippet(_ body: Data) -> String {
        String(decoding: body.prefix(300), as: UTF8.self)
    }
}

/// A JSON value where only strings matter.
private enum JSONScalar: Decodable {
    case string(String)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .other
        }
    }
}
