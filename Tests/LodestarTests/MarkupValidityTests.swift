import Foundation
import Testing
@testable import Lodestar

/// Errors the Nu HTML checker reported (issue 17): `autocomplete` on a checkbox, and a
/// required select whose first option is not empty.
@Suite struct MarkupValidityTests {
    /// Every start tag `<name ...>` in `html`.
    private func tags(_ name: String, in html: String) -> [Substring] {
        html.components(separatedBy: "<\(name) ").dropFirst().map { $0.prefix { $0 != ">" } }
    }

    /// The required selects of `html` whose first option has a value (or no empty text).
    private func requiredSelectsWithoutAnEmptyFirstOption(_ html: String) -> [String] {
        html.components(separatedBy: "<select ").dropFirst().compactMap { rest in
            let start = rest.prefix { $0 != ">" }
            guard start.contains(" required") else { return nil }
            let firstOption = rest.components(separatedBy: "<option").dropFirst().first ?? ""
            return firstOption.hasPrefix(#" value="""#) ? nil : String(start)
        }
    }

    @Test func theFormBuilderPutsNoAutocompleteOnCheckboxes() throws {
        let world = try FormBuilderWorld()
        let page = world.browser.get(world.path).text
        let checkboxes = tags("input", in: page).filter { $0.contains(#"type="checkbox""#) }
        #expect(!checkboxes.isEmpty)
        #expect(checkboxes.filter { $0.contains("autocomplete") }.isEmpty)
        #expect(requiredSelectsWithoutAnEmptyFirstOption(page).isEmpty)
    }

    @Test func roleSelectsHaveADefaultAndAreNotRequired() throws {
        let world = try AccountsWorld()
        let (_, admin) = try world.organizationWithAdmin()
        let browser = world.browser()
        browser.signIn(admin, AccountsWorld.password)
        for path in ["/app/settings/members", "/app/settings/whitelist", "/app/settings/organization"] {
            let page = browser.get(path).text
            #expect(page.contains("<select "), "\(path)")
            #expect(requiredSelectsWithoutAnEmptyFirstOption(page).isEmpty, "\(path)")
        }
        let whitelist = browser.get("/app/settings/whitelist").text
        #expect(whitelist.contains(#"<option value="viewer" selected>Viewer</option>"#))
    }
}
