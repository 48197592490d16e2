-- Membership consent: invitations instead of silent enrolment, removals that hold, and
-- @domain whitelist entries that admit nobody until the organization proves the domain.
--
-- Before this migration every sign-in joined the person to every organization whose
-- whitelist named their email, so an admin's removal was undone at the next sign-in and
-- any organization could enrol another organization's people. Now:
--   * a whitelist match creates an invitation the person accepts or declines; only the
--     very first sign-in of someone whose admitting entries are all `trusted` (put there
--     by the operator: create-admin, seed-demo, `lodestar whitelist add --trusted`) joins
--     directly;
--   * a membership an admin removed is recorded in membership_removals, and the
--     whitelist never brings it back: only an admin inviting the person again does;
--   * an @domain entry admits only once `trusted` or `verified_at` is set (a DNS TXT
--     record `lodestar-verify=<verification_token>` at `_lodestar.<domain>`).
--
-- Existing data keeps working: every entry that exists now was made when entries joined
-- people directly, so each is marked trusted (existing @domain entries keep admitting
-- without proof). Existing memberships are left as they are.

ALTER TABLE whitelist_entries
    ADD COLUMN trusted boolean NOT NULL DEFAULT false,
    ADD COLUMN verification_token text CHECK (verification_token ~ '^[0-9a-f]{32}$'),
    ADD COLUMN verified_at timestamptz;

UPDATE whitelist_entries SET trusted = true;

-- A domain entry the operator did not vouch for carries the token it must prove.
ALTER TABLE whitelist_entries ADD CONSTRAINT whitelist_entries_domain_proof
    CHECK (left(pattern::text, 1) <> '@' OR trusted OR verification_token IS NOT NULL);

-- Who set a member's role, when an admin changed it (NULL: the role they joined with).
ALTER TABLE memberships
    ADD COLUMN role_set_by bigint REFERENCES users ON DELETE SET NULL,
    ADD COLUMN role_set_at timestamptz;

-- One row per (organization, email). The whitelist creates it at sign-in (invited_by
-- NULL) or an admin does from the members page; answering sets status and responded_at;
-- withdrawn is an admin taking their invitation back. The whitelist never renews a
-- declined or withdrawn invitation; an admin inviting again turns it back into pending.
CREATE TABLE invitations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    email citext NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    role_key text NOT NULL REFERENCES roles,
    whitelist_entry_id bigint REFERENCES whitelist_entries ON DELETE SET NULL,
    invited_by bigint REFERENCES users ON DELETE SET NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    responded_at timestamptz,
    UNIQUE (organization_id, email)
);
CREATE INDEX invitations_email ON invitations (email) WHERE status = 'pending';

-- Memberships an admin removed: the whitelist does not re-create them (nor invite the
-- person) until an admin invites them again, which deletes the row.
CREATE TABLE membership_removals (
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    role_key text NOT NULL REFERENCES roles,
    removed_by bigint REFERENCES users ON DELETE SET NULL,
    removed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX membership_removals_user ON membership_removals (user_id);

-- Row-level security. The invitee sees (and answers) their own invitations in every
-- organization, by the email in app.email; a user sees their own removals (sign-in asks
-- where they were removed). Everything else stays within app.organization_id.
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_read ON invitations FOR SELECT
    USING (organization_id = app_organization_id() OR email = app_email());
CREATE POLICY invitations_write ON invitations FOR ALL
    USING (organization_id = app_organization_id())
    WITH CHECK (organization_id = app_organization_id());
CREATE POLICY invitations_answer ON invitations FOR UPDATE
    USING (email = app_email())
    WITH CHECK (email = app_email());

ALTER TABLE membership_removals ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership_removals FORCE ROW LEVEL SECURITY;
CREATE POLICY membership_removals_read ON membership_removals FOR SELECT
    USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY membership_removals_write ON membership_removals FOR ALL
    USING (organization_id = app_organization_id())
    WITH CHECK (organization_id = app_organization_id());
