-- Extensions the schema relies on. citext gives case-insensitive text for email addresses
-- (unique per organization regardless of case). It is a trusted extension, so the database
-- owner can create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS citext;
