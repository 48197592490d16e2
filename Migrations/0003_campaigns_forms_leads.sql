-- Campaigns, their landing-page forms (a draft plus published versions), leads, the
-- append-only event stream and the daily rollups the dashboards read.
--
-- Keys. Every tenant table has organization_id first in its primary key, and references
-- between tenant rows go through (organization_id, id), so a row can only ever point at a
-- row of its own organization (and tables can later be distributed by organization).
--
-- The one anonymous read. The public landing page /f/{slug} knows only the slug. Its
-- transaction sets app.public_slug, which lets it read that one campaign and its form
-- versions; everything it writes (the lead, its event, the rollup) is then done with
-- app.organization_id set to the campaign's organization, like any tenant write.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION app_public_slug() RETURNS citext
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.public_slug', true), '')::citext $$;

CREATE TABLE campaigns (
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'active', 'paused', 'completed', 'cancelled')),
    budget numeric(14, 2) CHECK (budget >= 0),
    starts_on date,
    ends_on date,
    sender_name text NOT NULL DEFAULT '' CHECK (length(sender_name) <= 200),
    sender_email citext CHECK (sender_email IS NULL OR sender_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    -- The public landing page is /f/{slug}; unique across all organizations.
    slug citext NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    created_by bigint REFERENCES users ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX campaigns_list ON campaigns (organization_id, status, created_at DESC);
CREATE INDEX campaigns_name_search ON campaigns USING gin (name gin_trgm_ops);

-- Every change to a campaign: one row per changed field (old -> new), by whom and when.
-- Append-only like the audit log.
CREATE TABLE campaign_history (
    organization_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    campaign_id bigint NOT NULL,
    actor_user_id bigint REFERENCES users ON DELETE SET NULL,
    field text NOT NULL,
    old_value text,
    new_value text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns ON DELETE CASCADE
);
CREATE INDEX campaign_history_campaign ON campaign_history (organization_id, campaign_id, changed_at DESC, id DESC);

-- The form a campaign's landing page shows. `draft` is the definition being edited (the
-- JSON of Swift's FormDefinition); publishing copies it into form_versions.
CREATE TABLE forms (
    organization_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    draft jsonb NOT NULL,
    updated_by bigint REFERENCES users ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, campaign_id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns ON DELETE CASCADE
);

-- Published versions, numbered 1, 2, ... per campaign; never changed once written. The
-- landing page shows the highest version; a lead keeps the version it was made against.
CREATE TABLE form_versions (
    organization_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    definition jsonb NOT NULL,
    published_by bigint REFERENCES users ON DELETE SET NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, campaign_id, version),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns ON DELETE CASCADE
);

CREATE TABLE leads (
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    campaign_id bigint,
    form_version integer,
    email citext,
    name text NOT NULL DEFAULT '',
    -- Answers by field key: a string, or an array of strings for a checkbox group.
    answers jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
    status text NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'disqualified')),
    owner_user_id bigint REFERENCES users ON DELETE SET NULL,
    source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'api', 'import', 'manual')),
    score integer NOT NULL DEFAULT 0,
    -- SHA-256 (hex) of the campaign and the normalized answers (and, for forms without an
    -- email, the sender's address): a second identical submission within a short window
    -- is the same lead (a double-clicked submit).
    submission_key text,
    ip_address text,
    user_agent text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns ON DELETE SET NULL (campaign_id),
    FOREIGN KEY (organization_id, campaign_id, form_version) REFERENCES form_versions
        ON DELETE SET NULL (form_version)
);
CREATE INDEX leads_recent ON leads (organization_id, created_at DESC, id DESC);
CREATE INDEX leads_campaign ON leads (organization_id, campaign_id, created_at DESC);
CREATE INDEX leads_campaign_status ON leads (organization_id, campaign_id, status);
CREATE INDEX leads_status ON leads (organization_id, status, created_at DESC);
CREATE INDEX leads_owner ON leads (organization_id, owner_user_id);
CREATE INDEX leads_submission_key ON leads (organization_id, campaign_id, submission_key, created_at DESC)
    WHERE submission_key IS NOT NULL;
-- "Any form field's value": answers @> '{"key": "value"}'.
CREATE INDEX leads_answers ON leads USING gin (answers jsonb_path_ops);
-- Free-text search over email, name and the answers (ILIKE '%q%').
CREATE FUNCTION lead_search_text(email citext, name text, answers jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(coalesce(email::text, '') || ' ' || name || ' ' || answers::text)
$$;
CREATE INDEX leads_search ON leads USING gin (lead_search_text(email, name, answers) gin_trgm_ops);

CREATE TABLE lead_notes (
    organization_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    lead_id bigint NOT NULL,
    author_user_id bigint REFERENCES users ON DELETE SET NULL,
    body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, lead_id) REFERENCES leads ON DELETE CASCADE
);
CREATE INDEX lead_notes_lead ON lead_notes (organization_id, lead_id, created_at DESC);

-- What happened to a lead after it arrived: status and owner changes, notes (the
-- timeline, together with its form_submit event).
CREATE TABLE lead_activities (
    organization_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    lead_id bigint NOT NULL,
    actor_user_id bigint REFERENCES users ON DELETE SET NULL,
    kind text NOT NULL CHECK (kind IN ('created', 'status', 'owner', 'note')),
    old_value text,
    new_value text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, lead_id) REFERENCES leads ON DELETE CASCADE
);
CREATE INDEX lead_activities_lead ON lead_activities (organization_id, lead_id, occurred_at DESC, id DESC);

-- The append-only event stream, partitioned by month (ensure_event_partitions makes the
-- months; rows outside every month land in events_default rather than fail).
CREATE TABLE events (
    organization_id bigint NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    campaign_id bigint,
    lead_id bigint,
    kind text NOT NULL CHECK (kind IN (
        'sent', 'delivered', 'bounce', 'open', 'click', 'unsubscribe', 'form_view', 'form_submit'
    )),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    user_agent text,
    ip_address text,
    PRIMARY KEY (organization_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_campaign ON events (organization_id, campaign_id, occurred_at);
CREATE INDEX events_lead ON events (organization_id, lead_id) WHERE lead_id IS NOT NULL;

-- Creates the monthly partitions of events from `first_month` through `last_month`
-- (idempotent). Called here for the months around now and by the application at start.
CREATE FUNCTION ensure_event_partitions(first_month date, last_month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    month date := date_trunc('month', first_month)::date;
BEGIN
    WHILE month <= last_month LOOP
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
            'events_' || to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date
        );
        month := (month + interval '1 month')::date;
    END LOOP;
END
$$;
SELECT ensure_event_partitions((now() - interval '12 months')::date, (now() + interval '12 months')::date);

-- Per campaign and day (UTC): what the dashboards read instead of counting events.
-- Submissions are added in the transaction that stores the lead; views are added in
-- batches by the landing page's view recorder.
CREATE TABLE campaign_daily_stats (
    organization_id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    day date NOT NULL,
    views bigint NOT NULL DEFAULT 0 CHECK (views >= 0),
    submissions bigint NOT NULL DEFAULT 0 CHECK (submissions >= 0),
    PRIMARY KEY (organization_id, campaign_id, day),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns ON DELETE CASCADE
);
-- Across campaigns (the home page's last 30 days) without reading every day ever kept.
CREATE INDEX campaign_daily_stats_day ON campaign_daily_stats (organization_id, day);

CREATE FUNCTION append_only_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
-- Deleting a campaign (or a whole organization) takes its history with it: a DELETE fired
-- from inside another trigger (the foreign key's ON DELETE CASCADE) passes; a DELETE
-- written against the table itself is refused like UPDATE and TRUNCATE.
CREATE FUNCTION campaign_history_refuse_direct_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER campaign_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON campaign_history
FOR EACH STATEMENT EXECUTE FUNCTION campaign_history_refuse_direct_change();
CREATE TRIGGER form_versions_append_only BEFORE UPDATE OR TRUNCATE ON form_versions
FOR EACH STATEMENT EXECUTE FUNCTION append_only_refuse_change();

-- Row-level security: each table is visible and writable only within app.organization_id,
-- except the narrow public read of one campaign (and its versions) by slug.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'campaigns', 'campaign_history', 'forms', 'form_versions', 'leads', 'lead_notes',
        'lead_activities', 'events', 'campaign_daily_stats'
    ] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL USING (organization_id = app_organization_id()) '
            'WITH CHECK (organization_id = app_organization_id())',
            t || '_tenant', t
        );
    END LOOP;
END
$$;
CREATE POLICY campaigns_public ON campaigns FOR SELECT USING (slug = app_public_slug());
CREATE POLICY form_versions_public ON form_versions FOR SELECT USING (
    EXISTS (
        SELECT 1 FROM campaigns c
        WHERE c.organization_id = form_versions.organization_id
          AND c.id = form_versions.campaign_id AND c.slug = app_public_slug()
    )
);

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO lodestar_tenant;
REVOKE UPDATE, DELETE, TRUNCATE ON campaign_history FROM lodestar_tenant;
REVOKE UPDATE, DELETE, TRUNCATE ON form_versions FROM lodestar_tenant;
