import Postgres

/// What the landing page knows about one slug: the campaign behind it, its status and the
/// latest published version of its form with its validator.
struct PublishedForm: Sendable {
    var organizationID: Int64
    var campaignID: Int64
    var status: CampaignState
    /// The latest published version; nil when the form was never published.
    var version: Int?
    var definition: FormDefinition?
    var validator: FormValidator?

    /// Whether the landing page takes submissions: an active campaign with a published form.
    var isOpen: Bool { status == .active && version != nil && definition != nil }
    /// Whether the landing page may have taken answers: a published form, and a campaign
    /// past draft and scheduled.
    var hasBeenPublic: Bool { definition != nil && status != .draft && status != .scheduled }
}

/// A campaign's lifecycle state as the landing page reads it.
enum CampaignState: String, Sendable {
    case draft, scheduled, active, paused, completed, cancelled
}

/// Reads campaigns by slug for the landing page. The only anonymous read in the product:
/// the transaction sets `app.public_slug` (the row-level security policies of migration
/// 0003 then show that one campaign and its form versions) and runs as `lodestar_tenant`.
struct PublishedFormRepository: Sendable {
    let pool: ConnectionPool

    /// Whether `slug` has the shape campaigns' slugs must have (so junk never reaches the
    /// database): lowercase letters and digits in hyphen-separated groups, at most 80.
    static func isWellFormed(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.utf8.count <= 80 else { return false }
        var previousWasHyphen = true
        for byte in slug.utf8 {
            let isHyphen = byte == UInt8(ascii: "-")
            let isWordCharacter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            guard isHyphen || isWordCharacter, !(isHyphen && previousWasHyphen) else { return false }
            previousWasHyphen = isHyphen
        }
        return !previousWasHyphen
    }

    /// The campaign with `slug` and its latest published form, or nil when there is none.
    func load(slug: String) throws -> PublishedForm? {
        try pool.transaction { transaction in
            try transaction.scope(organizationID: nil)
            try transaction.setLocal("app.public_slug", slug)
            guard let row = try transaction.query(
                """
                SELECT c.organization_id, c.id, c.status, v.version, v.definition
                FROM campaigns c
                LEFT JOIN LATERAL (
                    SELECT f.version, f.definition FROM form_versions f
                    WHERE f.organization_id = c.organization_id AND f.campaign_id = c.id
                    ORDER BY f.version DESC LIMIT 1
                ) v ON true
                WHERE c.slug = \(slug)
                """
            ).first else { return nil }
            let (organizationID, campaignID, status, version, document) = try row.decode(
                Int64.self, Int64.self, String.self, Int?.self, JSONDocument?.self)
            let definition = try document?.decode(FormDefinition.self)
            return PublishedForm(
                organizationID: organizationID, campaignID: campaignID,
                status: CampaignState(rawValue: status) ?? .draft,
                version: version, definition: definition,
                validator: definition.map(FormValidator.init(definition:))
            )
        }
    }
}
