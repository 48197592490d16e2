-- Landing-page addresses stay with their organization for a while after a campaign lets
-- go of them (issue 18): mail already sent links to /f/{slug}, so if another organization
-- could take the address at once, it would receive the prospects who meant to answer the
-- first one. When a campaign is deleted or moves to another slug, the application
-- reserves the old slug to the campaign's organization until now() + SLUG_RESERVATION_DAYS
-- (default 90), in the same transaction. Until then no other organization can give a
-- campaign that slug; the same organization can, which ends the reservation.
--
-- The check is a trigger on campaigns, so every writer meets it. Claiming a slug another
-- organization reserved raises unique_violation with the constraint name
-- campaigns_slug_reserved, which the application reports beside the slug field (and the
-- demo seeder skips, like a slug in use).
--
-- Cross-tenant read. The check must see other organizations' reservations, which the
-- tenant policy hides. The trigger function therefore runs as its owner (SECURITY
-- DEFINER), and the table is not FORCEd, so its owner (the role that ran this migration,
-- which owns the function too) reads every row while the application's tenant
-- transactions, running as lodestar_tenant, see only their own organization's. Nothing
-- else of the application reads this table outside a tenant transaction. The function
-- answers one question about one slug ("reserved by someone else?") and deletes only
-- reservations that have run out or that belong to the organization claiming the slug.

CREATE TABLE slug_reservations (
    -- One organization at a time holds a reservation: the slug was its campaign's.
    slug citext PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE,
    reserved_until timestamptz NOT NULL
);
CREATE INDEX slug_reservations_organization ON slug_reservations (organization_id);

ALTER TABLE slug_reservations ENABLE ROW LEVEL SECURITY;
CREATE POLICY slug_reservations_tenant ON slug_reservations FOR ALL
    USING (organization_id = app_organization_id()) WITH CHECK (organization_id = app_organization_id());

-- After the row is written (and after any wait on the unique index for a campaign being
-- deleted at the same moment), with a fresh snapshot: a reservation committed by that
-- deletion is seen.
CREATE FUNCTION campaigns_check_slug_reservation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM public.slug_reservations r
    WHERE r.slug = NEW.slug AND (r.organization_id = NEW.organization_id OR r.reserved_until <= now());
    IF EXISTS (SELECT 1 FROM public.slug_reservations r WHERE r.slug = NEW.slug) THEN
        RAISE EXCEPTION 'the landing page address % is reserved by another organization', NEW.slug
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'campaigns_slug_reserved';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER campaigns_slug_reservation_insert AFTER INSERT ON campaigns
FOR EACH ROW EXECUTE FUNCTION campaigns_check_slug_reservation();
CREATE TRIGGER campaigns_slug_reservation_update AFTER UPDATE OF slug ON campaigns
FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION campaigns_check_slug_reservation();

GRANT SELECT, INSERT, UPDATE, DELETE ON slug_reservations TO lodestar_tenant;
