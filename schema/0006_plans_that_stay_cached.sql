-- Per-transition server work, found by the transitions benchmark with pg_stat_statements (track = all)
-- and track_functions: on PostgreSQL before 18 a LANGUAGE sql function that is not inlined is planned
-- again in every transaction that calls it, while PL/pgSQL keeps its plans for the session.

-- Walks up from the unit, one cached index look-up per level; the usual case (the person's own
-- unit) needs none. Cycles cannot occur: units_no_cycles refuses them.
CREATE OR REPLACE FUNCTION awards.in_scope(p_person awards.people, p_unit bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_unit bigint := p_unit;
BEGIN
    IF p_person.roles && ARRAY['standing_agency', 'admin'] THEN
        RETURN true;
    END IF;
    WHILE v_unit IS NOT NULL LOOP
        IF v_unit = p_person.unit_id THEN
            RETURN true;
        END IF;
        SELECT parent_id INTO v_unit FROM awards.units WHERE id = v_unit;
    END LOOP;
    RETURN false;
END
$$;

CREATE OR REPLACE FUNCTION awards.award_in_force(p_code text, p_on date) RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM awards.award_legal_bases
                   WHERE award_code = p_code AND valid_from <= p_on AND (valid_to IS NULL OR valid_to >= p_on));
END
$$;

CREATE OR REPLACE FUNCTION awards.granting_levels(p_code text, p_on date) RETURNS SETOF awards.authority_levels
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT l.* FROM awards.authority_levels l JOIN awards.award_types a ON l.code = ANY (a.granted_by)
    WHERE a.code = p_code
      AND (l.valid_from IS NULL OR l.valid_from <= p_on) AND (l.valid_to IS NULL OR l.valid_to >= p_on);
END
$$;

-- Row-level security asks these once per statement.
CREATE OR REPLACE FUNCTION awards.sees_all_units() RETURNS boolean
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM awards.people
                   WHERE login_role = session_user AND roles && ARRAY['standing_agency', 'admin']);
END
$$;

CREATE OR REPLACE FUNCTION awards.my_units() RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    -- unit_subtree is inlined into this query, whose plan PL/pgSQL keeps.
    RETURN QUERY
    SELECT t.unit_id FROM awards.people p CROSS JOIN LATERAL awards.unit_subtree(p.unit_id) t
    WHERE p.login_role = session_user;
END
$$;

-- The same check without turning the whole row (facts included) into JSON to find its id.
CREATE OR REPLACE FUNCTION awards.check_state_matches_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
DECLARE
    v_id bigint;
    v_state text;
    v_length integer;
    v_last_seq integer;
    v_last_state text;
BEGIN
    -- Both tables use this function; their rows name the nomination differently.
    IF TG_TABLE_NAME = 'nominations' THEN
        v_id := NEW.id;
    ELSE
        v_id := NEW.nomination_id;
    END IF;
    SELECT state, history_length INTO v_state, v_length FROM awards.nominations WHERE id = v_id;
    SELECT seq, to_state INTO v_last_seq, v_last_state FROM awards.nomination_history
    WHERE nomination_id = v_id ORDER BY seq DESC LIMIT 1;
    IF v_last_seq IS DISTINCT FROM v_length OR v_last_state IS DISTINCT FROM v_state THEN
        RAISE EXCEPTION 'nomination % is in state % but its history ends in %', v_id, v_state, coalesce(v_last_state, 'nothing')
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
