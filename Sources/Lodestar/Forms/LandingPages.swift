import Foundation
import HTTP
import Mustache

/// Renders the landing pages' answers: the form, the thank-you, and the friendly pages for
/// campaigns that are not open, unknown addresses and refused submissions.
struct LandingPages: Sendable {
    let library: TemplateLibrary
    let assetVersion: String

    /// How long a paused campaign's page asks clients to wait (`Retry-After`).
    static let pausedRetryAfterSeconds = 3600

    static let htmlHeaders: HTTPHeaders = ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"]

    /// What GET answers for a slug: the form when open, else the page for its state.
    func entryPage(for form: PublishedForm?, slug: String) throws -> CachedPage {
        if let form, form.isOpen, let definition = form.definition {
            let page = LandingPage(definition: definition, action: "/f/" + slug, assetVersion: assetVersion)
            return CachedPage(status: .ok, headers: Self.htmlHeaders, body: try page.renderPage(library))
        }
        return try closedPage(for: form)
    }

    /// The page for an unknown slug or a campaign that takes no submissions. A campaign
    /// that is not public yet (a draft, scheduled, or active without a published form)
    /// answers exactly as an unknown slug does, so the public cannot tell that it exists.
    func closedPage(for form: PublishedForm?) throws -> CachedPage {
        switch form?.status {
        case nil, .draft, .scheduled, .active:
            return try message(
                .notFound, title: "Page not found", heading: "There is no form here",
                "Check the address of the link you followed; it may have been mistyped.")
        case .paused:
            var page = try message(
                .serviceUnavailable, title: "Form paused", heading: "This form is paused",
                "The campaign behind this form is paused for the moment. Please come back later.")
            page.headers.set("Retry-After", String(Self.pausedRetryAfterSeconds))
            return page
        case .completed, .cancelled:
            return try message(
                HTTPStatus(code: 410), title: "Campaign ended", heading: "This campaign has ended",
                "Thank you for your interest. This form no longer takes answers.")
        }
    }

    /// The form again with what was typed, the errors beside their fields and an optional
    /// notice at the top.
    func form(
        _ definition: FormDefinition, slug: String, status: HTTPStatus, values: [String: [String]],
        errors: [String: String] = [:], notice: String? = nil
    ) throws -> HTTPResponse {
        let page = LandingPage(
            definition: definition, values: values, errors: errors, action: "/f/" + slug,
            assetVersion: assetVersion, notice: notice)
        return HTTPResponse(status: status, headers: Self.htmlHeaders, body: .bytes(try page.renderPage(library)))
    }

    /// The answer to a stored (or trapped) submission: a 303 to the thank-you page, so a
    /// reload there does not post the answers again. The address is relative, right on
    /// whichever host (`LANDING_BASE_URL` or not) served the form.
    static func thanksRedirect(slug: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": "/f/\(slug)/thanks", "Cache-Control": "no-store"], body: .bytes([]))
    }

    /// The thank-you page (`/f/{slug}/thanks`): the form's message, or for a redirect (an
    /// absolute http(s) URL) a thank-you page that moves on to it at once (a `refresh`
    /// meta tag, and a link for browsers that do not follow it).
    ///
    /// Why not a 303 straight to the address: Chromium applies the page's CSP `form-action`
    /// to every hop of a form submission's redirects, so the 303 would only be followed if
    /// the landing page's policy listed the address's origin, and that of every redirect
    /// the address makes in turn (http to https, example.com to www., a link tracker),
    /// which nobody here can know. The POST's 303 stays on this origin; the navigation the
    /// thank-you page starts is not a form submission, so `form-action` does not apply,
    /// and the landing page keeps `form-action 'self'`.
    func completion(_ definition: FormDefinition) throws -> HTTPResponse {
        let title = "Thank you – " + definition.title
        switch definition.completion {
        case .redirect(let url) where Self.isSafeRedirect(url):
            let target = Self.asciiLocation(url)
            let host = URLComponents(string: target)?.host ?? target
            return try message(
                .ok, title: title, heading: "Thank you", "Your answers were received. Taking you on to \(host)…",
                onward: target
            ).response
        case .redirect:
            return try message(.ok, title: title, heading: "Thank you", "Your answers were received.").response
        case .message(let text):
            return try message(.ok, title: title, heading: "Thank you", text).response
        }
    }

    /// A landing message page with `status`; with `onward`, the page moves on to that
    /// address at once.
    func message(
        _ status: HTTPStatus, title: String, heading: String, _ text: String, backLink: String? = nil, onward: String? = nil
    ) throws -> CachedPage {
        let model = LandingMessage(
            title: title, heading: heading, message: text, assetVersion: assetVersion, backLink: backLink, onward: onward)
        return CachedPage(
            status: status, headers: Self.htmlHeaders,
            body: try library.renderBytes("forms/landing-message", contexts: [model.mustacheValue]))
    }

    /// `url` with every non-ASCII byte percent-encoded: a header value is ASCII, and
    /// browsers read raw UTF-8 in `Location` differently. The form builder refuses such
    /// addresses now; a definition published by an older version may still hold one.
    static func asciiLocation(_ url: String) -> String {
        guard !url.utf8.allSatisfy({ $0 < 0x80 }) else { return url }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in url.utf8 {
            if byte < 0x80 {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An absolute http or https URL with a host and no control characters or spaces.
    static func isSafeRedirect(_ url: String) -> Bool {
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }), let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return false }
        return true
    }
}
