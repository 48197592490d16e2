import Foundation
import Mustache

/// The public landing page of one form: what `Templates/forms/landing.mustache` (the whole
/// page) and the partial `forms/landing-form` (heading, introduction, error summary and
/// the form, for use inside another page such as the form builder's preview) render.
///
/// Built from the form's definition, the values a prospect typed (by field key, every
/// value sent: a checkbox group has several) and the refusals by field key. Everything
/// the model carries is user text and is rendered escaped.
///
/// ```swift
/// let page = LandingPage(definition: definition, values: ["email": ["a@example.com"]],
///                        errors: ["email": "Enter an email address like name@example.com."])
/// let html = try library.render("forms/landing", page.mustacheValue)
/// ```
struct LandingPage: MustacheContextConvertible, Sendable {
    /// The name of the spam trap. Field keys cannot contain a hyphen, so it never collides
    /// with a real field.
    static let honeypotName = "website-url"

    var definition: FormDefinition
    var values: [String: [String]]
    var errors: [String: String]
    /// Where the form posts (`/f/{slug}`); nil renders a preview whose submit button is
    /// disabled and whose form posts nowhere.
    var action: String?
    /// The asset fingerprint for the stylesheet link of the whole page.
    var assetVersion: String
    /// A message above the form that is not about one field (too many submissions, a
    /// failure to save).
    var notice: String?

    init(
        definition: FormDefinition, values: [String: [String]] = [:], errors: [String: String] = [:],
        action: String? = nil, assetVersion: String = "0", notice: String? = nil
    ) {
        self.notice = notice
        self.definition = definition
        self.values = values
        self.errors = errors
        self.action = action
        self.assetVersion = assetVersion
    }

    var fields: [LandingField] {
        definition.fields.map { field in
            LandingField(field: field, values: values[field.key] ?? [], error: errors[field.key])
        }
    }

    /// The refusals in form order, each linking to its field.
    var errorSummary: [MustacheValue] {
        fields.compactMap { field in
            guard let error = field.error else { return nil }
            return ["href": .string("#" + field.firstControlID), "label": .string(Self.summaryLabel(field.field.label)), "message": .string(error)]
        }
    }

    /// A label as the error summary leads with it: "Company:", but "How large is your
    /// team?" and "I agree." keep their own punctuation instead of gaining a colon.
    static func summaryLabel(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return trimmed }
        return ".?!:".contains(last) ? trimmed : trimmed + ":"
    }

    var mustacheValue: MustacheValue {
        let fields = fields
        let summary = errorSummary
        let landing: MustacheValue = [
            "title": .string(definition.title),
            "introduction": .list(Self.paragraphs(definition.introduction).map { .string($0) }),
            "submitLabel": .string(definition.submitLabel.isEmpty ? "Submit" : definition.submitLabel),
            "fields": .list(fields.map(\.mustacheValue)),
            "hasRequired": .bool(fields.contains { $0.field.required }),
            "hasErrors": .bool(!summary.isEmpty),
            "errorSummary": .list(summary),
            "errorCount": .int(summary.count),
            "errorCountIsOne": .bool(summary.count == 1),
            "action": action.map { .string($0) } ?? .string(""),
            "isPreview": .bool(action == nil),
            "honeypotName": .string(Self.honeypotName),
            "notice": notice.map { .string($0) } ?? .bool(false),
        ]
        return ["landing": landing, "assetVersion": .string(assetVersion)]
    }

    /// The whole page (`forms/landing`), as UTF-8 HTML.
    func renderPage(_ library: TemplateLibrary) throws -> [UInt8] {
        try library.renderBytes("forms/landing", contexts: [mustacheValue])
    }

    /// The heading, introduction, error summary and form alone (`forms/landing-form`),
    /// for another page to embed with `{{{ }}}`: every user text in it is escaped here.
    func renderForm(_ library: TemplateLibrary) throws -> String {
        try library.render("forms/landing-form", mustacheValue)
    }

    /// Plain text split on blank lines, each paragraph trimmed, empty ones dropped.
    static func paragraphs(_ text: String) -> [String] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalized.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}

/// A message page of the landing pages: the thank-you after a submission, and the pages
/// for a campaign that is not open, paused, ended or unknown, or a refused request.
struct LandingMessage: MustacheContextConvertible, Sendable {
    var title: String
    var heading: String
    var message: String
    var assetVersion: String
    /// Where "Back to the form" points, when there is one to go back to.
    var backLink: String?
    /// Where the page moves on to at once (a form's redirect after the thank-you).
    var onward: String?

    var mustacheValue: MustacheValue {
        [
            "title": .string(title),
            "heading": .string(heading),
            "paragraphs": .list(LandingPage.paragraphs(message).map { .string($0) }),
            "backLink": backLink.map { .string($0) } ?? .bool(false),
            "onward": onward.map { .string($0) } ?? .bool(false),
            "assetVersion": .string(assetVersion),
        ]
    }
}
