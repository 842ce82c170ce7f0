-- Every function of the schema resolves names through a fixed path, and runs only for those it is
-- granted to.
--
-- An outside review (issue 9) found that the helpers row-level security calls (my_units, sees_all_units,
-- unit_subtree and the invoker functions they call) resolved operators through the caller's search path:
-- an officer who may create objects in any schema defined `=` on bigint to return true, put that schema
-- before pg_catalog, and read every unit's rows. A function with SET search_path, or with a SQL-standard
-- body (names bound when it is created), cannot be steered that way. pg_temp is named last: left out, it
-- is searched first.

-- unit_subtree has a SQL-standard body rather than a SET clause, which would keep it from being inlined
-- into my_units' cached plan.
CREATE OR REPLACE FUNCTION awards.unit_subtree(root bigint) RETURNS TABLE (unit_id bigint)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH RECURSIVE tree(id) AS (
        SELECT root
        UNION
        SELECT u.id FROM awards.units u JOIN tree t ON u.parent_id = t.id
    )
    SELECT id FROM tree;
END;

-- The extensions' own functions (unaccent, pg_trgm) live in this schema too; they are C code that looks
-- nothing up by path, and their owners' grants are left as they are.
DO $fix$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure AS signature, p.prosqlbody IS NOT NULL AS bound_at_creation
        FROM pg_proc p
        WHERE p.pronamespace = 'awards'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        IF NOT f.bound_at_creation THEN
            EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, awards, pg_temp', f.signature);
        END IF;
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.signature);
    END LOOP;
END
$fix$;

-- Functions this role creates later are not executable by PUBLIC either. (Per schema, a default can
-- only take back what a per-schema default gave; PUBLIC's EXECUTE is given globally, so it is taken
-- back globally, in this database.)
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- What each group calls itself, or through a policy, a generated column or a query of the CLI. The rest
-- (checks and triggers) run inside the SECURITY DEFINER functions, as the owner.
GRANT EXECUTE ON FUNCTION
    awards.search_key(text), awards.my_units(), awards.sees_all_units(), awards.unit_subtree(bigint),
    awards.obligations_owed_by_my_units(), awards.obligations_received_by_my_units(),
    awards.nominate(text, text, text, text, text, text, jsonb), awards.advance(bigint, text, jsonb, text),
    awards.add_obligation(text, date, text, text[]), awards.complete_obligation(bigint, text, text)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
GRANT EXECUTE ON FUNCTION awards.register_person(text, text, text, text, text[], text, text) TO awards_admin;
