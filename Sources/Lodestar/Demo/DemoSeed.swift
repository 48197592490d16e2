import Foundation
import Postgres
import Security

/// What `lodestar seed-demo` does: a demo organization with two people who can sign in,
/// six campaigns in different states with published forms, and weeks of generated
/// landing-page activity (leads, events, rollups), so every page has something to show.
///
/// Idempotent: the organization, whitelist entries, people and memberships are created
/// when missing; each campaign (found by its slug) is created with all its data only when
/// it does not exist yet, so a second run adds nothing. The people's password is set
/// again on every run (to `Options.password`, or a newly generated one) and reported;
/// a person who is a member of another organization stops the seed instead.
/// Everything happens in one transaction.
public struct DemoSeed: Sendable {
    /// Who and what the seed creates; the defaults are the documented demo.
    public struct Options: Sendable {
        public var organizationName = "Lodestar Demo"
        public var adminEmail = "demo@lodestar.test"
        public var managerEmail = "manager@lodestar.test"
        /// Landing pages are `/f/{slugPrefix}-{campaign}`.
        public var slugPrefix = "demo"
        /// The password both people get; nil: a new random one each run.
        public var password: String?
        /// About how many leads the campaigns with activity get in all.
        public var leadCount = 5_000

        public init() {}
    }

    let pool: ConnectionPool
    let options: Options
    let hasher = PasswordHasher()

    public init(pool: ConnectionPool, options: Options = Options()) {
        self.pool = pool
        self.options = options
    }

    /// Seeds (or tops up) the demo; returns what a person needs to try it.
    public func run() throws -> DemoSeedReport {
        let password = try options.password ?? Self.generatePassword()
        for email in [options.adminEmail, options.managerEmail] {
            if let violation = PasswordPolicy().violation(for: password, email: email) {
                throw DemoSeedError("password refused: \(violation.message)")
            }
        }
        let hash = try hasher.hash(password: password)
        return try pool.transaction { transaction in
            // Two seeds at once would race on the same names; the second waits for the first.
            try transaction.execute("SELECT pg_advisory_xact_lock(hashtext('lodestar.seed-demo'))")
            // Months for the generated events (creating partitions needs the owner's rights,
            // so before the tenant scope).
            try transaction.execute("SELECT ensure_event_partitions((current_date - 90), (current_date + 31))")
            let (organizationID, organizationCreated) = try transaction.ensureOrganization(named: options.organizationName)
            try transaction.scope(organizationID: organizationID)
            if organizationCreated {
                try transaction.audit(AuditEvent(
                    organizationID: organizationID, action: "organization.created", entityType: "organization",
                    entityID: String(organizationID), newValues: ["name": options.organizationName, "by": "seed-demo"]))
            }
            let adminID = try person(options.adminEmail, name: "Dana Demo", role: .admin, hash: hash, organizationID: organizationID, in: transaction)
            let managerID = try person(options.managerEmail, name: "Milo Manager", role: .manager, hash: hash, organizationID: organizationID, in: transaction)
            var created: [String] = []
            var taken: [String] = []
            var landingPages: [DemoSeedReport.LandingPage] = []
            for campaign in DemoCampaign.catalog(leads: options.leadCount) {
                let slug = "\(options.slugPrefix)-\(campaign.slugSuffix)"
                let seeder = DemoCampaignSeeder(
                    campaign: campaign, slug: slug, organizationID: organizationID, adminID: adminID, managerID: managerID)
                switch try seeder.seedIfMissing(in: transaction) {
                case .created: created.append(campaign.name)
                case .existed: break
                case .slugTaken:
                    taken.append("/f/\(slug)")
                    continue
                }
                if !campaign.versions.isEmpty {
                    landingPages.append(.init(campaignName: campaign.name, status: campaign.status, path: "/f/\(slug)"))
                }
            }
            return DemoSeedReport(
                organizationName: options.organizationName, organizationCreated: organizationCreated,
                adminEmail: options.adminEmail, managerEmail: options.managerEmail, password: password,
                createdCampaigns: created, takenSlugs: taken, landingPages: landingPages
            )
        }
    }

    /// Whitelists `email` with `role` (trusted: an operator's entry), creates the user when
    /// new, sets the password, and makes them a member with `role`. Returns the user's id.
    private func person(
        _ email: String, name: String, role: Role, hash: String, organizationID: Int64, in transaction: Transaction
    ) throws -> Int64 {
        guard let email = WhitelistPattern.email(email) else { throw DemoSeedError("'\(email)' is not an email address") }
        if try transaction.upsertWhitelist(organizationID: organizationID, pattern: email, role: role, addedBy: nil, trusted: true)?.role != role {
            try transaction.audit(AuditEvent(
                organizationID: organizationID, action: "whitelist.added", entityType: "whitelist_entry", entityID: email,
                newValues: ["pattern": email, "role": role.rawValue, "by": "seed-demo"]))
        }
        let (user, _) = try transaction.ensureUser(email: email, name: name)
        // The printed password must not open anyone's real organization: a person who
        // belongs elsewhere keeps theirs, and the seed stops (rolling everything back).
        try transaction.scope(organizationID: organizationID, userID: user.id)
        let elsewhere = try transaction.memberships(userID: user.id).filter { $0.organizationID != organizationID }
        try transaction.scope(organizationID: organizationID)
        if !elsewhere.isEmpty {
            throw DemoSeedError(
                "\(email) is a member of \(elsewhere.map(\.organizationName).joined(separator: ", ")); "
                    + "seed-demo does not change the password of someone in another organization")
        }
        try transaction.setPasswordHash(userID: user.id, hash)
        // The operator's seed lets a demo person an admin removed back in.
        try transaction.clearRemoval(organizationID: organizationID, userID: user.id)
        if try !transaction.addMembership(organizationID: organizationID, userID: user.id, role: role) {
            try transaction.execute(
                "UPDATE memberships SET role_key = \(role.rawValue) WHERE organization_id = \(organizationID) AND user_id = \(user.id)")
        }
        return user.id
    }

    /// `xxxx-xxxx-xxxx-xxxx`: 16 random letters and digits (about 79 bits), easy to type.
    static func generatePassword() throws -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let bytes = try SecureRandom.bytes(count: 16)
        let characters = bytes.map { alphabet[Int($0) % alphabet.count] }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

/// What a seed run did, and how to try the demo.
public struct DemoSeedReport: Sendable {
    public struct LandingPage: Sendable {
        public let campaignName: String
        public let status: String
        /// `/f/{slug}`.
        public let path: String
    }

    public let organizationName: String
    public let organizationCreated: Bool
    public let adminEmail: String
    public let managerEmail: String
    public let password: String
    /// The campaigns this run created (empty on a repeat run).
    public let createdCampaigns: [String]
    /// The landing pages (`/f/{slug}`) of demo campaigns left out because another
    /// organization's campaign has that address (run again with another slug prefix).
    public let takenSlugs: [String]
    /// Every demo campaign with a published form.
    public let landingPages: [LandingPage]

    /// The report for a person at a terminal, links under `baseURL`.
    public func lines(baseURL: String) -> [String] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var lines = [
            organizationCreated ? "Created the organization \(organizationName)." : "The organization \(organizationName) exists.",
            createdCampaigns.isEmpty
                ? (takenSlugs.isEmpty ? "Every demo campaign exists already; nothing was added." : "No campaign was added.")
                : "Created \(createdCampaigns.count) campaigns: \(createdCampaigns.joined(separator: ", ")).",
            "",
            "Sign in at \(base)/login",
            "  admin:    \(adminEmail)",
            "  manager:  \(managerEmail)",
            "  password: \(password)   (both; set again on every run)",
            "",
            "Landing pages:",
        ]
        lines.insert(contentsOf: takenSlugs.map {
            "Left out \($0): that address belongs to another organization (try --slug-prefix)."
        }, at: 2)
        let width = landingPages.map(\.campaignName.count).max() ?? 0
        for page in landingPages {
            lines.append("  \(page.campaignName.padding(toLength: width, withPad: " ", startingAt: 0))  \(page.status.padding(toLength: 9, withPad: " ", startingAt: 0))  \(base)\(page.path)")
        }
        return lines
    }
}

/// A seed that cannot be done, with a message saying why.
public struct DemoSeedError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
