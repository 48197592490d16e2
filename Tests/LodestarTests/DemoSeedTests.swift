import Foundation
import HTTP
import Postgres
import Security
import Testing
@testable import Lodestar

@Suite struct DemoSeedTests {
    /// A seed of its own (names no other test uses), smaller than the real demo.
    private func options() -> DemoSeed.Options {
        var options = DemoSeed.Options()
        options.organizationName = TestDatabase.unique("Demo ")
        options.adminEmail = TestDatabase.unique("seedadmin") + "@example.com"
        options.managerEmail = TestDatabase.unique("seedmanager") + "@example.com"
        options.slugPrefix = TestDatabase.unique("seed")
        options.leadCount = 400
        return options
    }

    private func organizationID(_ world: AccountsWorld, _ name: String) throws -> Int64 {
        try #require(try world.pool.transaction { try $0.organization(named: name) }).id
    }

    /// Row counts of everything the seed writes for one organization.
    private func counts(_ world: AccountsWorld, _ organizationID: Int64) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["campaigns", "forms", "form_versions", "campaign_history", "leads", "lead_notes", "lead_activities",
                      "events", "campaign_daily_stats", "whitelist_entries", "memberships", "audit_log"] {
            counts[table] = try world.count("SELECT count(*) FROM \(identifier: table) WHERE organization_id = \(organizationID)")
        }
        return counts
    }

    @Test func runningItTwiceAddsNothingTheSecondTime() throws {
        let world = try AccountsWorld()
        let options = options()
        let seed = DemoSeed(pool: world.pool, options: options)
        let first = try seed.run()
        #expect(first.organizationCreated)
        #expect(first.createdCampaigns.count == 6)
        let id = try organizationID(world, options.organizationName)
        let before = try counts(world, id)
        #expect(before["campaigns"] == 6)
        #expect((before["leads"] ?? 0) > 200)
        #expect((before["lead_notes"] ?? 0) > 0)
        #expect(before["memberships"] == 2)
        let statuses = try world.count(
            "SELECT count(DISTINCT status) FROM campaigns WHERE organization_id = \(id)")
        #expect(statuses == 5)

        let second = try seed.run()
        #expect(!second.organizationCreated)
        #expect(second.createdCampaigns.isEmpty)
        #expect(try counts(world, id) == before)
        #expect(try world.count("SELECT count(*) FROM users WHERE email IN (\(options.adminEmail)::citext, \(options.managerEmail)::citext)") == 2)
        #expect(second.lines(baseURL: "http://localhost:8080").contains { $0.contains("Every demo campaign exists already") })
    }

    @Test func thePrintedSignInWorksAfterEveryRun() throws {
        let world = try AccountsWorld()
        let options = options()
        _ = try DemoSeed(pool: world.pool, options: options).run()
        let report = try DemoSeed(pool: world.pool, options: options).run()
        let lines = report.lines(baseURL: "http://localhost:8080/")
        #expect(lines.contains("  admin:    \(options.adminEmail)"))
        #expect(lines.contains { $0.hasPrefix("  password: \(report.password) ") })
        #expect(PasswordPolicy().violation(for: report.password, email: options.adminEmail) == nil)

        let admin = world.browser()
        let response = admin.signIn(options.adminEmail, report.password)
        #expect(response.status == .seeOther)
        #expect(response.headers["Location"] == "/app")
        #expect(admin.get("/app").text.contains(options.organizationName))
        #expect(admin.get("/app/settings/members").status == .ok)

        let manager = world.browser(remoteAddress: "127.0.0.2")
        #expect(manager.signIn(options.managerEmail, report.password).headers["Location"] == "/app")
        // The manager got the manager role: the whitelist is for admins only.
        #expect(manager.get("/app/settings/whitelist").status == .forbidden)
        #expect(admin.get("/app/settings/whitelist").status == .ok)
    }

    @Test func activeCampaignsHaveLandingPagesWithAPublishedVersion() throws {
        let world = try AccountsWorld()
        let options = options()
        let report = try DemoSeed(pool: world.pool, options: options).run()
        let id = try organizationID(world, options.organizationName)
        let active = report.landingPages.filter { $0.status == "active" }
        #expect(active.count == 2)
        let lines = report.lines(baseURL: "https://demo.example")
        for page in report.landingPages {
            #expect(lines.contains { $0.hasSuffix("https://demo.example\(page.path)") })
        }
        let database = Database(pool: world.pool)
        for page in active {
            let slug = String(page.path.dropFirst("/f/".count))
            try database.tenant(organizationID: id) { transaction in
                let campaignID = try transaction.query(
                    "SELECT id FROM campaigns WHERE organization_id = \(id) AND slug = \(slug)::citext AND status = 'active'"
                ).single(Int64.self)
                let version = try #require(try FormVersions.latestVersion(campaignID: campaignID, organizationID: id, in: transaction))
                let form = try #require(try FormVersions.definition(campaignID: campaignID, version: version, organizationID: id, in: transaction))
                #expect(form.field(forKey: "email")?.type == .email)
                #expect(form.field(forKey: "interests")?.type == .checkbox)
                #expect(form.field(forKey: "consent")?.required == true)
            }
        }
        // The webinar has two versions, and its later leads were made against the second.
        #expect(try world.count(
            """
            SELECT count(DISTINCT l.form_version) FROM leads l JOIN campaigns c ON c.organization_id = l.organization_id AND c.id = l.campaign_id
            WHERE c.organization_id = \(id) AND c.slug = \(options.slugPrefix + "-spring-webinar")::citext
            """) == 2)
    }

    @Test func rollupsEqualTheEventCountsDayByDay() throws {
        let world = try AccountsWorld()
        let options = options()
        _ = try DemoSeed(pool: world.pool, options: options).run()
        let id = try organizationID(world, options.organizationName)
        let mismatches = try world.count(
            """
            WITH counted AS (
                SELECT campaign_id, (occurred_at AT TIME ZONE 'UTC')::date AS day,
                       count(*) FILTER (WHERE kind = 'form_view') AS views, count(*) FILTER (WHERE kind = 'form_submit') AS submissions
                FROM events WHERE organization_id = \(id) GROUP BY 1, 2
            )
            SELECT count(*) FROM counted c
            FULL JOIN (SELECT * FROM campaign_daily_stats WHERE organization_id = \(id)) s USING (campaign_id, day)
            WHERE c.views IS DISTINCT FROM s.views OR c.submissions IS DISTINCT FROM s.submissions
            """)
        #expect(mismatches == 0)
        let views = try world.count("SELECT coalesce(sum(views), 0)::bigint FROM campaign_daily_stats WHERE organization_id = \(id)")
        let submissions = try world.count("SELECT coalesce(sum(submissions), 0)::bigint FROM campaign_daily_stats WHERE organization_id = \(id)")
        let leads = try world.count("SELECT count(*) FROM leads WHERE organization_id = \(id)")
        #expect(submissions == leads)
        #expect(views >= 3 * submissions)
        // Spread over about six weeks, none in the future.
        #expect(try world.count("SELECT count(DISTINCT day) FROM campaign_daily_stats WHERE organization_id = \(id)") >= 35)
        #expect(try world.count("SELECT count(*) FROM events WHERE organization_id = \(id) AND occurred_at > now()") == 0)
    }

    @Test func aPersonOfAnotherOrganizationKeepsTheirPassword() throws {
        let world = try AccountsWorld()
        let (organization, admin) = try world.organizationWithAdmin()
        var options = options()
        options.adminEmail = admin
        options.password = "a-brand-new-demo-password"
        #expect {
            try DemoSeed(pool: world.pool, options: options).run()
        } throws: { error in
            (error as? DemoSeedError)?.description.contains(organization) == true
        }
        // Nothing was written, and the person still signs in with their own password.
        #expect(try world.count("SELECT count(*) FROM organizations WHERE name = \(options.organizationName)") == 0)
        #expect(world.browser().signIn(admin, AccountsWorld.password).headers["Location"] == "/app")
        #expect(world.browser(remoteAddress: "127.0.0.3").signIn(admin, "a-brand-new-demo-password").status != .seeOther)
    }

    @Test func aDemoSlugTakenByAnotherOrganizationIsSkippedAndLeftAlone() throws {
        let world = try AccountsWorld()
        let options = options()
        let (organization, _) = try world.organizationWithAdmin()
        let otherID = try organizationID(world, organization)
        let taken = options.slugPrefix + "-enterprise-trial"
        try Database(pool: world.pool).tenant(organizationID: otherID) { transaction in
            _ = try transaction.execute(
                "INSERT INTO campaigns (organization_id, name, status, slug) VALUES (\(otherID), 'Theirs', 'draft', \(taken))")
        }
        let report = try DemoSeed(pool: world.pool, options: options).run()
        #expect(report.createdCampaigns.count == 5)
        #expect(!report.landingPages.contains { $0.path == "/f/\(taken)" })
        let lines = report.lines(baseURL: "http://localhost:8080")
        #expect(lines.contains { $0.contains("/f/\(taken)") && $0.contains("another organization") })
        let id = try organizationID(world, options.organizationName)
        #expect(try world.count("SELECT count(*) FROM campaigns WHERE organization_id = \(id)") == 5)
        // The other organization's campaign is untouched; a second run is still quiet.
        #expect(try world.count("SELECT count(*) FROM campaigns WHERE organization_id = \(otherID) AND slug = \(taken) AND name = 'Theirs'") == 1)
        #expect(try world.count("SELECT count(*) FROM leads WHERE organization_id = \(otherID)") == 0)
        #expect(try DemoSeed(pool: world.pool, options: options).run().createdCampaigns.isEmpty)
    }

    @Test func theFormsPassTheFormBuilderRulesAndEveryLeadsAnswersPassItsVersion() throws {
        for campaign in DemoCampaign.catalog(leads: 100) {
            for definition in campaign.versions {
                #expect(FormDefinitionValidator.validate(definition, forPublish: true).isEmpty, "\(campaign.name)")
            }
            #expect(FormDefinitionValidator.validate(campaign.draft).isEmpty, "\(campaign.name) draft")
        }
        let world = try AccountsWorld()
        let options = options()
        _ = try DemoSeed(pool: world.pool, options: options).run()
        let id = try organizationID(world, options.organizationName)
        let leads = try Database(pool: world.pool).tenant(organizationID: id) { transaction in
            try transaction.query(
                "SELECT campaign_id, form_version, answers::text, email::text FROM leads WHERE organization_id = \(id) ORDER BY id"
            ).map { try $0.decode(Int64.self, Int.self, String.self, String.self) }
        }
        #expect(leads.count > 200)
        var validators: [String: FormValidator] = [:]
        for (campaignID, version, answersJSON, email) in leads {
            let key = "\(campaignID)/\(version)"
            if validators[key] == nil {
                let definition = try #require(try Database(pool: world.pool).tenant(organizationID: id) {
                    try FormVersions.definition(campaignID: campaignID, version: version, organizationID: id, in: $0)
                })
                validators[key] = FormValidator(definition: definition)
            }
            let validator = try #require(validators[key])
            let answers = try #require(try JSONSerialization.jsonObject(with: Data(answersJSON.utf8)) as? [String: Any])
            var fields: [(name: String, value: String)] = []
            for (name, value) in answers {
                if let text = value as? String { fields.append((name, text)) }
                if let choices = value as? [String] { fields += choices.map { (name, $0) } }
            }
            let validation = validator.validate(fields)
            #expect(validation.errors.isEmpty, "\(answersJSON): \(validation.errors)")
            #expect(validation.answers.count == answers.count, "\(answersJSON)")
            #expect(answers["email"] as? String == email)
        }
    }

    @Test func theCampaignHistoryReadsLikeTheAppsOwn() throws {
        let world = try AccountsWorld()
        let options = options()
        _ = try DemoSeed(pool: world.pool, options: options).run()
        let id = try organizationID(world, options.organizationName)
        let history = try Database(pool: world.pool).tenant(organizationID: id) { transaction in
            try transaction.query(
                """
                SELECT h.field, coalesce(h.old_value, '-'), coalesce(h.new_value, '-') FROM campaign_history h
                JOIN campaigns c ON c.organization_id = h.organization_id AND c.id = h.campaign_id
                WHERE h.organization_id = \(id) AND c.slug = \(options.slugPrefix + "-spring-webinar")::citext
                ORDER BY h.id
                """
            ).map { row -> String in
                let (field, old, new) = try row.decode(String.self, String.self, String.self)
                return "\(field): \(old) -> \(new)"
            }
        }
        // As creating the campaign, publishing its form and changing its status record them.
        #expect(history == [
            "created: - -> Spring Product Webinar",
            "form: - -> version 1",
            "status: draft -> scheduled",
            "status: scheduled -> active",
            "form: version 1 -> version 2",
        ])
    }

    @Test func everyStatusStepIsOneTheAppAllows() throws {
        for campaign in DemoCampaign.catalog(leads: 100) {
            #expect(campaign.statusPath.first == "draft" || campaign.statusPath.isEmpty, "\(campaign.name)")
            #expect(campaign.statusPath.last ?? "draft" == campaign.status, "\(campaign.name)")
            for (old, new) in zip(campaign.statusPath, campaign.statusPath.dropFirst()) {
                let from = try #require(CampaignStatus(rawValue: old))
                let to = try #require(CampaignStatus(rawValue: new))
                #expect(from.allowedTransitions.contains(to), "\(campaign.name): \(old) -> \(new)")
            }
        }
    }
}
