import Postgres

/// A currency an organization may keep its budgets in: ISO 4217 codes whose amounts have
/// two decimals (budgets are stored with two), so "USD 2,500.50" reads right in each.
struct Currency: Sendable, Equatable {
    let code: String
    let name: String

    static let all: [Currency] = [
        Currency(code: "USD", name: "US dollar"), Currency(code: "EUR", name: "Euro"),
        Currency(code: "GBP", name: "Pound sterling"), Currency(code: "CHF", name: "Swiss franc"),
        Currency(code: "CAD", name: "Canadian dollar"), Currency(code: "AUD", name: "Australian dollar"),
        Currency(code: "NZD", name: "New Zealand dollar"), Currency(code: "SEK", name: "Swedish krona"),
        Currency(code: "NOK", name: "Norwegian krone"), Currency(code: "DKK", name: "Danish krone"),
        Currency(code: "PLN", name: "Polish złoty"), Currency(code: "CZK", name: "Czech koruna"),
        Currency(code: "INR", name: "Indian rupee"), Currency(code: "BRL", name: "Brazilian real"),
        Currency(code: "MXN", name: "Mexican peso"), Currency(code: "ZAR", name: "South African rand"),
        Currency(code: "SGD", name: "Singapore dollar"), Currency(code: "HKD", name: "Hong Kong dollar"),
    ]

    /// What a new organization starts with (the column's default in migration 0012).
    static let standard = Currency(code: "USD", name: "US dollar")

    /// The currency with this code, or nil when it is not one of `all`.
    static func withCode(_ code: String) -> Currency? { all.first { $0.code == code } }

    /// "US dollar (USD)".
    var label: String { "\(name) (\(code))" }
}

/// An organization's own settings, read and written in a tenant transaction.
extension Transaction {
    /// The organization's currency (a code no longer offered still reads as its code).
    func organizationCurrency(organizationID: Int64) throws -> Currency {
        let code = try query("SELECT currency FROM organizations WHERE id = \(organizationID)").first?.decode(String.self, at: 0)
        guard let code else { return .standard }
        return Currency.withCode(code) ?? Currency(code: code, name: code)
    }

    func setOrganizationCurrency(_ currency: Currency, organizationID: Int64) throws {
        try execute("UPDATE organizations SET currency = \(currency.code) WHERE id = \(organizationID)")
    }
}
