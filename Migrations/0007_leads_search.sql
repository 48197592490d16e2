-- Leads: the search and answer filters of the inbox, served by their indexes under
-- row-level security.
--
-- Why this exists. leads_search (trigram) serves ILIKE and leads_answers (jsonb_path_ops)
-- serves @>, and neither operator's function is LEAKPROOF. A row-level security policy
-- must be applied before any condition that could leak rows, so as lodestar_tenant the
-- planner may not use those conditions as index conditions: every search read all of the
-- organization's leads (about 150 ms for 100,000 leads, against 2 ms through the index).
--
-- These functions run as their owner (SECURITY DEFINER), whom the policies do not bind
-- when it is a superuser or has BYPASSRLS, and filter by the transaction's
-- app.organization_id themselves, so they stay within one organization. They return lead
-- ids only, at most `cap` of them; the caller reads those leads back through the policies
-- (a second wall) and, when `cap` is reached, falls back to the plain condition, which is
-- cheap when so many leads match. Where the owner is bound by the policies the functions
-- still answer correctly, only without the index.

-- Both are PL/pgSQL running their query through EXECUTE, so each call is planned for
-- its own values: the planner can then tell a rare word (read through the index) from one
-- most leads contain (read in order until `cap` are found).

-- Ids of the organization's leads whose email, name or answers contain `pattern`, an ILIKE
-- pattern whose % and _ the caller has escaped.
CREATE FUNCTION lead_ids_matching_text(pattern text, cap integer) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public ROWS 100 AS $$
BEGIN
    RETURN QUERY EXECUTE
        'SELECT id FROM public.leads
         WHERE organization_id = public.app_organization_id()
           AND public.lead_search_text(email, name, answers) ILIKE ''%'' || $1 || ''%''
         LIMIT $2'
        USING pattern, cap;
END
$$;

-- Ids of the organization's leads whose answer to `key` is `value`, or, for a checkbox
-- group, includes it.
CREATE FUNCTION lead_ids_with_answer(key text, value text, cap integer) RETURNS SETOF bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public ROWS 100 AS $$
BEGIN
    RETURN QUERY EXECUTE
        'SELECT id FROM public.leads
         WHERE organization_id = public.app_organization_id()
           AND (answers @> jsonb_build_object($1, $2) OR answers @> jsonb_build_object($1, jsonb_build_array($2)))
         LIMIT $3'
        USING key, value, cap;
END
$$;

REVOKE EXECUTE ON FUNCTION lead_ids_matching_text(text, integer), lead_ids_with_answer(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lead_ids_matching_text(text, integer), lead_ids_with_answer(text, text, integer) TO lodestar_tenant;
