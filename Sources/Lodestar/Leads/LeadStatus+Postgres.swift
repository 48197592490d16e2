import Postgres

/// A `leads.status` column read straight into a `LeadStatus`.
extension LeadStatus: PostgresDecodable {
    static func decode(from cell: PostgresCell) throws -> LeadStatus {
        let text = try String.decode(from: cell)
        guard let status = LeadStatus(rawValue: text) else { throw cell.invalid(LeadStatus.self, "unknown lead status '\(text)'") }
        return status
    }
}
