-- Deleting a campaign (a draft without leads) or a whole organization must take the
-- campaign's history with it. The statement trigger of 0003 refused every DELETE on
-- campaign_history, including the one the foreign key's ON DELETE CASCADE runs, so no
-- campaign with history could ever be deleted.
--
-- The replacement still refuses UPDATE, TRUNCATE and any DELETE written against the table
-- itself; it lets through only a DELETE fired from inside another trigger, which for this
-- table is the referential cascade (tenants cannot create triggers, and lodestar_tenant
-- keeps no DELETE privilege on the table).

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

DROP TRIGGER campaign_history_append_only ON campaign_history;
CREATE TRIGGER campaign_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON campaign_history
FOR EACH STATEMENT EXECUTE FUNCTION campaign_history_refuse_direct_change();

GRANT EXECUTE ON FUNCTION campaign_history_refuse_direct_change() TO lodestar_tenant;
