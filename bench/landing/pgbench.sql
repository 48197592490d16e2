-- One landing-page submission as one transaction, the way a server without group commit
-- would store it: the lead, its 'created' activity, its form_submit event and the daily
-- rollup. :org and :campaign are set with -D; emails are distinct per client and run.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO leads (organization_id, campaign_id, form_version, email, name, answers, submission_key, ip_address, user_agent)
VALUES (:org, :campaign, 1, 'pg-' || :client_id || '-' || :n || '@example.com', 'Bench Person',
        jsonb_build_object('name', 'Bench Person', 'email', 'pg-' || :client_id || '-' || :n || '@example.com'),
        md5(:client_id || '-' || :n), '127.0.0.1', 'pgbench')
RETURNING id AS lead_id \gset
INSERT INTO lead_activities (organization_id, lead_id, kind, new_value) VALUES (:org, :lead_id, 'created', 'new');
INSERT INTO events (organization_id, campaign_id, lead_id, kind, user_agent, ip_address)
VALUES (:org, :campaign, :lead_id, 'form_submit', 'pgbench', '127.0.0.1');
INSERT INTO campaign_daily_stats (organization_id, campaign_id, day, submissions)
VALUES (:org, :campaign, (now() AT TIME ZONE 'UTC')::date, 1)
ON CONFLICT (organization_id, campaign_id, day) DO UPDATE SET submissions = campaign_daily_stats.submissions + 1;
END;
