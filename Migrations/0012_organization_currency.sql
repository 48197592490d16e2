-- Issue 17: the currency an organization keeps its campaign budgets in (an ISO 4217 code;
-- the application offers the codes of `Currency.all`), shown with every budget. Existing
-- organizations, and new ones, start with US dollars; admins change it on the
-- organization settings page, which needs the new `organization.manage` permission.
ALTER TABLE organizations ADD COLUMN currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$');

INSERT INTO permissions (key, description) VALUES ('organization.manage', 'Change the organization''s settings');
INSERT INTO role_permissions (role_key, permission_key) VALUES ('admin', 'organization.manage');
