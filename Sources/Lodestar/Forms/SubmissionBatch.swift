import Postgres

/// The SQL of storing submissions: many in one transaction (the group commit of
/// `SubmissionWriter`). For each one: a row in `leads`, a 'created' row in
/// `lead_activities`, a `form_submit` event and +1 in `campaign_daily_stats.submissions`;
/// or, when an identical submission (same campaign and submission key) was stored within
/// the duplicate window, nothing but that lead's id.
///
/// Duplicates are race-free: the transaction first takes a transaction-scoped advisory
/// lock per submission key (in ascending order, so two batches never deadlock), then looks
/// for earlier leads, so of two identical submissions in flight the second waits for the
/// first to commit and then finds it.
enum SubmissionBatch {
    /// Stores `submissions` (distinct submission keys) in one transaction and returns one
    /// outcome per submission, in order.
    static func write(_ submissions: [Submission], duplicateWindowSeconds: Int, in transaction: Transaction) throws -> [SubmissionOutcome] {
        try transaction.execute("SET LOCAL ROLE lodestar_tenant")
        if duplicateWindowSeconds > 0 {
            let keys = Set(submissions.map(\.lockKey)).sorted()
            try transaction.execute(
                """
                SELECT pg_advisory_xact_lock(k.key)
                FROM (SELECT key FROM unnest(\(keys)) AS key ORDER BY key) AS k
                """
            )
        }
        var outcomes: [String: SubmissionOutcome] = [:]
        let byOrganization = Dictionary(grouping: submissions, by: \.organizationID)
        for organizationID in byOrganization.keys.sorted() {
            let group = byOrganization[organizationID] ?? []
            try transaction.setLocal("app.organization_id", String(organizationID))
            if duplicateWindowSeconds > 0 {
                for (key, leadID) in try earlierLeads(group, organizationID, duplicateWindowSeconds, transaction) {
                    outcomes[key] = .duplicate(leadID: leadID)
                }
            }
            let fresh = group.filter { outcomes[$0.submissionKey] == nil }
            guard !fresh.isEmpty else { continue }
            for (key, leadID) in try insert(fresh, organizationID, transaction) {
                outcomes[key] = .stored(leadID: leadID)
            }
        }
        return try submissions.map { submission in
            guard let outcome = outcomes[submission.submissionKey] else {
                throw SubmissionError.missingResult
            }
            return outcome
        }
    }

    /// Leads with the same campaign and key made within the window, by key.
    private static func earlierLeads(
        _ group: [Submission], _ organizationID: Int64, _ windowSeconds: Int, _ transaction: Transaction
    ) throws -> [(String, Int64)] {
        try transaction.query(
            """
            SELECT DISTINCT ON (l.submission_key) l.submission_key, l.id
            FROM leads l
            JOIN unnest(\(group.map(\.campaignID)), \(group.map(\.submissionKey))) AS s(campaign_id, key)
              ON l.campaign_id = s.campaign_id AND l.submission_key = s.key
            WHERE l.organization_id = \(organizationID)
              AND l.created_at > now() - make_interval(secs => \(windowSeconds))
            ORDER BY l.submission_key, l.created_at DESC
            """
        ).map { try $0.decode(String.self, Int64.self) }
    }

    /// Inserts the leads and everything that goes with them in one statement; returns the
    /// new lead ids by submission key.
    private static func insert(_ group: [Submission], _ organizationID: Int64, _ transaction: Transaction) throws -> [(String, Int64)] {
        try transaction.query(
            """
            WITH new_leads AS (
                INSERT INTO leads (organization_id, campaign_id, form_version, email, name, answers,
                                   submission_key, ip_address, user_agent)
                SELECT \(organizationID), s.campaign_id, s.form_version::integer, s.email, s.name, s.answers::jsonb,
                       s.key, s.ip, s.agent
                FROM unnest(\(group.map(\.campaignID)), \(group.map { Int64($0.formVersion) }), \(group.map(\.email)),
                            \(group.map(\.name)), \(group.map(\.answersJSON)), \(group.map(\.submissionKey)),
                            \(group.map(\.ipAddress)), \(group.map(\.userAgent)))
                     AS s(campaign_id, form_version, email, name, answers, key, ip, agent)
                RETURNING id, campaign_id, submission_key, ip_address, user_agent
            ), activities AS (
                INSERT INTO lead_activities (organization_id, lead_id, kind, new_value)
                SELECT \(organizationID), id, 'created', 'new' FROM new_leads
            ), submitted AS (
                INSERT INTO events (organization_id, campaign_id, lead_id, kind, user_agent, ip_address)
                SELECT \(organizationID), campaign_id, id, 'form_submit', user_agent, ip_address FROM new_leads
            ), rollup AS (
                INSERT INTO campaign_daily_stats (organization_id, campaign_id, day, submissions)
                SELECT \(organizationID), campaign_id, (now() AT TIME ZONE 'UTC')::date, count(*)
                FROM new_leads GROUP BY campaign_id ORDER BY campaign_id
                ON CONFLICT (organization_id, campaign_id, day)
                DO UPDATE SET submissions = campaign_daily_stats.submissions + EXCLUDED.submissions
            )
            SELECT submission_key, id FROM new_leads
            """
        ).map { try $0.decode(String.self, Int64.self) }
    }
}
