-- Background jobs: the queue of Sources/Jobs that every feature enqueues into and
-- `lodestar worker` runs (README "Background jobs").
--
-- Life of a job: queued -> running -> succeeded, or, when an attempt fails, retrying (run
-- again at run_at) until max_attempts, then dead with last_error kept; queued, retrying and
-- running jobs can be cancelled (a running one stops at its next progress report, so
-- cancel_requested_at marks it until then). A worker holds a running job under a lease
-- (locked_until, extended by its heartbeat); when the lease runs out the job is retried.
--
-- Tenancy. Jobs of an organization carry its id; system jobs (the schedule, housekeeping)
-- have none. Tenant transactions (role lodestar_tenant) see and write only their
-- organization's jobs. Workers claim across organizations, so the policy binds only that
-- role: the pool's own role (the owner, who migrated) sees every row.

CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint REFERENCES organizations ON DELETE CASCADE,
    -- Letters, digits and . _ : - (checked when enqueued; a regular expression here would
    -- cost a tenth of a bulk enqueue).
    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    payload jsonb NOT NULL DEFAULT '{}',
    -- Higher runs first among jobs that are due.
    priority smallint NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'retrying', 'dead', 'cancelled')),
    run_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts BETWEEN 1 AND 1000),
    last_error text CHECK (length(last_error) <= 2000),
    progress_done bigint NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
    progress_total bigint CHECK (progress_total >= 0),
    progress_message text NOT NULL DEFAULT '' CHECK (length(progress_message) <= 200),
    requested_by bigint REFERENCES users ON DELETE SET NULL,
    -- At most one pending (queued, running, retrying) job per organization and key.
    unique_key text CHECK (length(unique_key) BETWEEN 1 AND 200),
    locked_by text,
    locked_until timestamptz,
    cancel_requested_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Claiming: due jobs by priority, then age.
CREATE INDEX jobs_ready ON jobs (priority DESC, run_at, id) WHERE status IN ('queued', 'retrying');
-- Finding leases that ran out.
CREATE INDEX jobs_leases ON jobs (locked_until) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_pending_key ON jobs ((coalesce(organization_id, 0)), unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('queued', 'running', 'retrying');
-- The settings page and `lodestar jobs list --org` (system jobs are listed by id).
CREATE INDEX jobs_organization ON jobs (organization_id, id DESC) WHERE organization_id IS NOT NULL;
-- Purging finished jobs.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- Every job row is updated two or three times and then kept for days: vacuum it often so
-- that claims do not wade through dead index entries.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                      autovacuum_vacuum_cost_delay = 0);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant ON jobs FOR ALL
    USING (current_user <> 'lodestar_tenant' OR organization_id = app_organization_id())
    WITH CHECK (current_user <> 'lodestar_tenant' OR organization_id = app_organization_id());

-- Periodic jobs: the last slot each schedule entry enqueued. Moving last_slot forward and
-- enqueueing the slot's job happen in one statement, so each slot runs once however many
-- workers tick at the same moment.
CREATE TABLE job_schedules (
    name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    last_slot timestamptz NOT NULL
);
REVOKE ALL ON job_schedules FROM lodestar_tenant;

INSERT INTO permissions (key, description) VALUES
    ('job.manage', 'See, retry and cancel the organization''s background jobs');
INSERT INTO role_permissions (role_key, permission_key) VALUES ('admin', 'job.manage');
