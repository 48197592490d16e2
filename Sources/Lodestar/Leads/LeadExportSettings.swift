/// How many lead exports may stream at once (`LEAD_EXPORTS_*`), read once from the
/// environment; see `ExportSlots`.
public struct LeadExportSettings: Sendable {
    /// `LEAD_EXPORTS_MAX`: exports streaming at once in one process. Default a quarter of
    /// `DATABASE_POOL_SIZE` (at least 1): each holds a pooled connection while it runs.
    public var maximumRunning: Int
    /// `LEAD_EXPORTS_PER_ORGANIZATION`: exports one organization may stream at once, so
    /// one organization's slow downloads leave the other slots to the others. Default 1.
    public var maximumPerOrganization: Int

    public init(environment: [String: String], poolSize: Int) throws {
        maximumRunning = try AppConfiguration.integer(environment, "LEAD_EXPORTS_MAX", default: max(1, poolSize / 4), range: 1...1000)
        maximumPerOrganization = try AppConfiguration.integer(environment, "LEAD_EXPORTS_PER_ORGANIZATION", default: 1, range: 1...1000)
    }
}
