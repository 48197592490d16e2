import Postgres

/// The generated history of one demo campaign, written in bulk with `INSERT ... SELECT`
/// over `generate_series` (a few statements, whatever the number of rows): leads with
/// answers, statuses and owners; their `form_submit` events; `form_view` events several
/// times as many; the daily rollups computed from those events; status, owner and note
/// activity on the leads. Runs in the seed's tenant transaction.
struct DemoActivity {
    let organizationID: Int64
    let campaignID: Int64
    let activity: DemoCampaign.Activity
    let adminID: Int64
    let managerID: Int64

    func write(in transaction: Transaction) throws {
        try insertLeads(transaction)
        try insertEvents(transaction)
        try insertRollups(transaction)
        try insertLeadHistory(transaction)
    }

    /// Midnight UTC of the day `days` ago, as SQL.
    private func dayStart(_ days: Int) -> Query {
        "((current_date - \(days)::int)::timestamp AT TIME ZONE 'UTC')"
    }

    private func insertLeads(_ transaction: Transaction) throws {
        let days = activity.firstDay - activity.lastDay + 1
        let perDay = Double(activity.leads) / Double(days)
        let secondVersionSince: Query = activity.secondVersionDay.map { dayStart($0) } ?? "'infinity'::timestamptz"
        try transaction.execute(
            """
            WITH days AS (
                SELECT (d::timestamp AT TIME ZONE 'UTC') AS start
                FROM generate_series(current_date - \(activity.firstDay)::int, current_date - \(activity.lastDay)::int, interval '1 day') AS d
            ), arrivals AS (
                SELECT start + random() * least(interval '1 day', now() - start) AS at
                FROM days, generate_series(1, greatest(0, round(\(perDay)
                    * (CASE WHEN extract(isodow FROM start AT TIME ZONE 'UTC') >= 6 THEN 0.45 ELSE 1.2 END)
                    * (0.6 + random() * 0.8)))::int)
            ), numbered AS (
                SELECT at, row_number() OVER (ORDER BY at) AS i, random() AS pick, random() AS owner_pick,
                       extract(epoch FROM now() - at) / 86400 AS age
                FROM arrivals
            ), people AS (
                SELECT n.*,
                    (ARRAY['Ada','Ben','Chloe','Dev','Elena','Farid','Grace','Hugo','Ines','Jonas','Kira','Liam',
                           'Maya','Noah','Olga','Pedro','Quinn','Rosa','Sami','Tara','Umar','Vera','Wes','Yuki'])[1 + (i * 7 + 3) % 24] AS first_name,
                    (ARRAY['Lovelace','Okafor','Martin','Patel','Rossi','Haddad','Hopper','Lambert','Garcia','Berg','Tanaka','Murphy',
                           'Cohen','Silva','Novak','Costa','Byrne','Moreau','Nguyen','Kowalski','Ahmed','Weber','Fischer','Sato'])[1 + (i * 13 + 5) % 24] AS last_name,
                    (ARRAY['Northwind','Contoso','Globex','Initech','Umbrella Analytics','Hooli','Vandelay Imports','Stark Logistics',
                           'Wayne Foods','Acme Retail','Soylent Health','Tyrell Labs','Cyberdyne Energy','Gringotts Finance','Oceanic Travel','Aperture Learning'])[1 + (i * 5) % 16] AS company,
                    (ARRAY['northwind.example','contoso.example','globex.example','initech.example',
                           'mail.example','post.example','inbox.example','corp.example'])[1 + i % 8] AS domain,
                    CASE
                        WHEN age < 2 THEN CASE WHEN pick < 0.8 THEN 'new' ELSE 'contacted' END
                        WHEN pick < 0.10 THEN 'disqualified'
                        WHEN pick < 0.38 THEN 'new'
                        WHEN pick < 0.62 THEN 'contacted'
                        WHEN pick < 0.84 THEN 'qualified'
                        ELSE 'converted'
                    END AS status
                FROM numbered n
            ), answered AS (
                SELECT p.*,
                    lower(first_name || '.' || last_name || '.' || i || '@' || domain) AS email,
                    at >= \(secondVersionSince) AS second_version
                FROM people p
            )
            INSERT INTO leads (organization_id, campaign_id, form_version, email, name, answers, status, owner_user_id,
                               source, score, ip_address, user_agent, created_at, updated_at)
            SELECT \(organizationID), \(campaignID), CASE WHEN second_version THEN 2 ELSE 1 END, email,
                first_name || ' ' || last_name,
                jsonb_build_object(
                    'name', first_name || ' ' || last_name, 'email', email, 'company', company,
                    'industry', (ARRAY['Software','Retail','Financial services','Healthcare','Education','Manufacturing','Other'])[1 + (i * 3) % 7],
                    'interests', to_jsonb(ARRAY(
                        SELECT option FROM unnest(ARRAY['Email campaigns','Landing pages','Lead scoring','Analytics']) WITH ORDINALITY AS o(option, k)
                        WHERE ((i * 11 + 5) % 15 + 1) & (1 << (k::int - 1)) <> 0 ORDER BY k)),
                    'consent', 'yes')
                || CASE WHEN i % 3 = 0 THEN jsonb_build_object('phone', '+1 555 01' || lpad((i % 100)::text, 2, '0')) ELSE '{}' END
                || CASE WHEN second_version
                        THEN jsonb_build_object('team_size', (ARRAY['1-10','11-50','51-200','201-1000','More than 1000'])[1 + (i * 7) % 5])
                        ELSE '{}' END,
                status,
                CASE WHEN status = 'new' AND owner_pick < 0.7 THEN NULL WHEN owner_pick < 0.5 THEN \(adminID) ELSE \(managerID) END,
                'form',
                CASE status WHEN 'new' THEN 10 WHEN 'contacted' THEN 30 WHEN 'qualified' THEN 55 WHEN 'converted' THEN 80 ELSE 0 END
                    + (owner_pick * 20)::int,
                '203.0.113.' || (1 + i % 254),
                (ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/132.0',
                       'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1.15',
                       'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148',
                       'Mozilla/5.0 (Linux; Android 15) Chrome/131.0 Mobile'])[1 + i % 4],
                at, at
            FROM answered
            """
        )
    }

    /// One `form_submit` per lead, at its arrival; views through each day, several per
    /// submission plus a few that never submit.
    private func insertEvents(_ transaction: Transaction) throws {
        try transaction.execute(
            """
            INSERT INTO events (organization_id, campaign_id, lead_id, kind, occurred_at, user_agent, ip_address)
            SELECT organization_id, campaign_id, id, 'form_submit', created_at, user_agent, ip_address
            FROM leads WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            """
        )
        try transaction.execute(
            """
            WITH days AS (
                SELECT (d::timestamp AT TIME ZONE 'UTC') AS start
                FROM generate_series(current_date - \(activity.firstDay)::int, current_date - \(activity.lastDay)::int, interval '1 day') AS d
            ), per_day AS (
                SELECT start, (SELECT count(*) FROM leads l
                               WHERE l.organization_id = \(organizationID) AND l.campaign_id = \(campaignID)
                                 AND l.created_at >= start AND l.created_at < start + interval '1 day') AS submissions
                FROM days
            )
            INSERT INTO events (organization_id, campaign_id, kind, occurred_at, user_agent, ip_address)
            SELECT \(organizationID), \(campaignID), 'form_view',
                   start + random() * least(interval '1 day', now() - start),
                   'Mozilla/5.0 (demo visitor)', '198.51.100.' || (1 + v % 254)
            FROM per_day, generate_series(1, (submissions * (3 + random() * 4) + 2 + random() * 8)::int) AS v
            """
        )
    }

    /// The rollups the dashboards read, computed from the events just written.
    private func insertRollups(_ transaction: Transaction) throws {
        try transaction.execute(
            """
            INSERT INTO campaign_daily_stats (organization_id, campaign_id, day, views, submissions)
            SELECT organization_id, campaign_id, (occurred_at AT TIME ZONE 'UTC')::date,
                   count(*) FILTER (WHERE kind = 'form_view'), count(*) FILTER (WHERE kind = 'form_submit')
            FROM events WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            GROUP BY 1, 2, 3
            ON CONFLICT (organization_id, campaign_id, day)
            DO UPDATE SET views = EXCLUDED.views, submissions = EXCLUDED.submissions
            """
        )
    }

    /// As the landing page records them: a 'created' row per lead; then status steps up
    /// to each lead's status, the owner assignment, and a note on some (its activity
    /// names the note's id).
    private func insertLeadHistory(_ transaction: Transaction) throws {
        try transaction.execute(
            """
            INSERT INTO lead_activities (organization_id, lead_id, kind, new_value, occurred_at)
            SELECT organization_id, id, 'created', 'new', created_at
            FROM leads WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID)
            """
        )
        try transaction.execute(
            """
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value, occurred_at)
            SELECT l.organization_id, l.id, coalesce(l.owner_user_id, \(adminID)), 'status', step.old, step.new,
                   l.created_at + (now() - l.created_at) * step.k / 5.0
            FROM leads l
            JOIN (VALUES ('new', 'contacted', 1, ARRAY['contacted', 'qualified', 'converted']),
                         ('contacted', 'qualified', 2, ARRAY['qualified', 'converted']),
                         ('qualified', 'converted', 3, ARRAY['converted']),
                         ('new', 'disqualified', 1, ARRAY['disqualified'])) AS step(old, new, k, reached)
              ON l.status = ANY (step.reached)
            WHERE l.organization_id = \(organizationID) AND l.campaign_id = \(campaignID)
            """
        )
        try transaction.execute(
            """
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, old_value, new_value, occurred_at)
            SELECT l.organization_id, l.id, \(adminID), 'owner', NULL, u.email::text, l.created_at + (now() - l.created_at) * 0.1
            FROM leads l JOIN users u ON u.id = l.owner_user_id
            WHERE l.organization_id = \(organizationID) AND l.campaign_id = \(campaignID)
            """
        )
        try transaction.execute(
            """
            WITH written AS (
                INSERT INTO lead_notes (organization_id, lead_id, author_user_id, body, created_at)
                SELECT organization_id, id, coalesce(owner_user_id, \(managerID)),
                       (ARRAY['Called; interested in a demo next week.',
                              'Asked for pricing for a team of about 40. Sent the enterprise sheet.',
                              'Wrong contact: forwarded to their marketing lead.',
                              'Great fit. Budget approved for Q1; follow up after the holidays.',
                              'Left a voicemail. Try again on Thursday morning.',
                              'Uses a competitor today; contract ends in March.'])[1 + id % 6],
                       created_at + (now() - created_at) * 0.6
                FROM leads
                WHERE organization_id = \(organizationID) AND campaign_id = \(campaignID) AND status <> 'new' AND id % 5 = 0
                RETURNING organization_id, id, lead_id, author_user_id, created_at
            )
            INSERT INTO lead_activities (organization_id, lead_id, actor_user_id, kind, new_value, occurred_at)
            SELECT organization_id, lead_id, author_user_id, 'note', id::text, created_at FROM written
            """
        )
    }
}
