-- The installation's secret: 32 random bytes (64 hex digits) that key what the server signs
-- and later checks without storing it, such as the CSRF cookie of the sign-in form (so an
-- anonymous visit stores nothing). Every web process reads the same row, so a token made
-- by one is accepted by the others. The first process that needs it stores one it drew
-- from the operating system's random source (INSERT ... ON CONFLICT DO NOTHING, so
-- processes starting together agree on the first). Deleting the row makes a new secret
-- at the next start of every process; tokens signed with the old one are then refused.
CREATE TABLE installation_secret (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret text NOT NULL CHECK (secret ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Tenant transactions have no business with it (the default privileges of 0002 would
-- otherwise grant it).
REVOKE ALL ON installation_secret FROM lodestar_tenant;
