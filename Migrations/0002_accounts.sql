-- Accounts and access: organizations, users, roles and permissions, memberships, the
-- whitelist, sessions, sign-in attempts and the audit log.
--
-- Tenancy. Every table holding one organization's data has an organization_id and
-- row-level security keyed by the per-transaction setting app.organization_id (set with
-- set_config(..., true) by the application's tenant transactions). The policies are a
-- second wall behind the application's own WHERE clauses: a query that forgets its
-- organization filter sees nothing of other organizations.
--
-- Who the policies apply to. Superusers and roles with BYPASSRLS skip row-level security
-- entirely, and a table's owner skips it unless the table is FORCEd. So: every tenant
-- table is FORCE ROW LEVEL SECURITY (the app may connect as the owner), and the
-- application's tenant transactions also switch to the role lodestar_tenant (SET LOCAL
-- ROLE), which has no bypass, so the wall holds even when the app connects as a
-- superuser (as the development cluster does). Creating that role needs CREATEROLE; where
-- the migrating user lacks it, a DBA creates it first (NOLOGIN) and grants it to them.
--
-- Legitimate cross-tenant reads are narrow and explicit in the policies:
--   memberships: a user's own memberships in every organization are visible when
--     app.user_id names them (signing in, the organization switcher);
--   whitelist_entries: entries matching the email in app.email (exactly or by its
--     domain) are visible, which is what the sign-in and Google flows ask ("is this
--     email whitelisted, for which organization and role?").
-- Writes are always limited to app.organization_id.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lodestar_tenant') THEN
        CREATE ROLE lodestar_tenant NOLOGIN NOBYPASSRLS;
    END IF;
    IF NOT pg_has_role(current_user, 'lodestar_tenant', 'MEMBER') THEN
        EXECUTE format('GRANT lodestar_tenant TO %I', current_user);
    END IF;
END
$$;

-- The current tenant and user as the policies read them; NULL when unset or empty.
CREATE FUNCTION app_organization_id() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.organization_id', true), '')::bigint $$;

CREATE FUNCTION app_user_id() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '')::bigint $$;

CREATE FUNCTION app_email() RETURNS citext
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.email', true), '')::citext $$;

CREATE TABLE organizations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name citext NOT NULL UNIQUE CHECK (length(btrim(name::text)) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Users are global: one person, one row, whatever organizations they belong to.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email citext NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    name text NOT NULL DEFAULT '',
    -- argon2id in the PHC string format (parameters included); NULL for Google-only users.
    password_hash text,
    -- The Google account's stable `sub`, once linked.
    google_subject text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz
);

CREATE TABLE roles (
    key text PRIMARY KEY,
    name text NOT NULL,
    description text NOT NULL,
    -- Higher ranks may do more; for display order.
    rank integer NOT NULL UNIQUE
);

CREATE TABLE permissions (
    key text PRIMARY KEY,
    description text NOT NULL
);

CREATE TABLE role_permissions (
    role_key text NOT NULL REFERENCES roles ON DELETE CASCADE,
    permission_key text NOT NULL REFERENCES permissions ON DELETE CASCADE,
    PRIMARY KEY (role_key, permission_key)
);

INSERT INTO roles (key, name, description, rank) VALUES
    ('admin', 'Admin', 'Everything, including members, the whitelist and the audit log', 40),
    ('manager', 'Manager', 'Runs campaigns and works leads; exports', 30),
    ('analyst', 'Analyst', 'Reads everything, exports, edits leads', 20),
    ('viewer', 'Viewer', 'Reads campaigns and leads', 10);

INSERT INTO permissions (key, description) VALUES
    ('campaign.read', 'See campaigns'),
    ('campaign.create', 'Create campaigns'),
    ('campaign.update', 'Edit, publish and close campaigns'),
    ('campaign.delete', 'Delete campaigns'),
    ('lead.read', 'See leads'),
    ('lead.update', 'Edit leads and their status'),
    ('lead.export', 'Export leads'),
    ('contact.read', 'See contacts'),
    ('contact.update', 'Edit and import contacts'),
    ('member.read', 'See the organization''s members'),
    ('member.manage', 'Invite members, change roles, remove members'),
    ('whitelist.manage', 'Add and remove whitelist entries'),
    ('audit.read', 'Read the audit log');

INSERT INTO role_permissions (role_key, permission_key)
SELECT 'admin', key FROM permissions;

INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('manager', 'campaign.read'), ('manager', 'campaign.create'), ('manager', 'campaign.update'),
    ('manager', 'campaign.delete'), ('manager', 'lead.read'), ('manager', 'lead.update'),
    ('manager', 'lead.export'), ('manager', 'contact.read'), ('manager', 'contact.update'),
    ('manager', 'member.read'),
    ('analyst', 'campaign.read'), ('analyst', 'lead.read'), ('analyst', 'lead.update'),
    ('analyst', 'lead.export'), ('analyst', 'contact.read'), ('analyst', 'member.read'),
    ('viewer', 'campaign.read'), ('viewer', 'lead.read'), ('viewer', 'contact.read');

CREATE TABLE memberships (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    role_key text NOT NULL REFERENCES roles,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- An exact address (ann@example.com) or a whole domain (@example.com).
CREATE TABLE whitelist_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    pattern citext NOT NULL CHECK (pattern ~ '^([^@\s]+)?@[^@\s]+\.[^@\s]+$'),
    role_key text NOT NULL REFERENCES roles,
    added_by bigint REFERENCES users ON DELETE SET NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, pattern)
);
CREATE INDEX whitelist_entries_pattern ON whitelist_entries (pattern);

-- Only the SHA-256 of the cookie's token is stored (id), never the token.
CREATE TABLE sessions (
    id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    user_id bigint REFERENCES users ON DELETE CASCADE,
    organization_id bigint REFERENCES organizations ON DELETE SET NULL,
    csrf_token text NOT NULL,
    flash jsonb NOT NULL DEFAULT '[]',
    data jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    ip_address text,
    user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Sign-in attempts for throttling, shared by every web process. The email is kept only
-- as the SHA-256 of its normalized (trimmed, lowercased) form.
CREATE TABLE login_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_hash text NOT NULL,
    ip_address text NOT NULL,
    succeeded boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email_hash, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts (ip_address, attempted_at);
CREATE INDEX login_attempts_time ON login_attempts (attempted_at);

-- Append-only: rows are inserted in the same transaction as the change they record, and
-- a trigger refuses UPDATE and DELETE for everyone, owner included.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint REFERENCES organizations,
    actor_user_id bigint REFERENCES users ON DELETE SET NULL,
    action text NOT NULL,
    entity_type text,
    entity_id text,
    old_values jsonb,
    new_values jsonb,
    ip_address text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_organization ON audit_log (organization_id, created_at DESC, id DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Row-level security on the tenant tables.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_read ON memberships FOR SELECT
    USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY memberships_write ON memberships FOR ALL
    USING (organization_id = app_organization_id())
    WITH CHECK (organization_id = app_organization_id());

ALTER TABLE whitelist_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE whitelist_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY whitelist_entries_read ON whitelist_entries FOR SELECT
    USING (
        organization_id = app_organization_id()
        OR pattern = app_email()
        OR pattern = ('@' || split_part(app_email()::text, '@', 2))::citext
    );
CREATE POLICY whitelist_entries_write ON whitelist_entries FOR ALL
    USING (organization_id = app_organization_id())
    WITH CHECK (organization_id = app_organization_id());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
    USING (organization_id = app_organization_id());
-- Entries without an organization (a refused sign-in) may be written from any context.
CREATE POLICY audit_log_append ON audit_log FOR INSERT
    WITH CHECK (organization_id IS NULL OR organization_id = app_organization_id());

-- What lodestar_tenant may do: everything the application does, on the tables that exist
-- now and on those later migrations (run by the same user) create.
GRANT USAGE ON SCHEMA public TO lodestar_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lodestar_tenant;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO lodestar_tenant;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO lodestar_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lodestar_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO lodestar_tenant;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM lodestar_tenant;
