-- Units that merge or are renamed (issue 15, item 5): the 2025 reorganisation of provinces and communes
-- (Nghị quyết 202/2025/QH15, in force 01/07/2025; communes rearranged and districts abolished from the
-- same day under the Law on the Organisation of Local Government 2025).
--
-- A unit is succeeded by another on a day (`unit_successions`, append-only, one successor per unit). A
-- rename is a succession by a new unit code of kind 'rename': the old row keeps its name, so old
-- decisions, lines and history still show the name they were made under (awards unit edit --name stays a
-- correction of a mistyped name). From the day on:
--  * the predecessor's nominees belong to the successor: their spans in the predecessor end the day
--    before and new ones open in the successor, under the successor's identity key; the old span keeps
--    the old key, so old lines and decision lines still find the same nominee;
--  * scope follows: a unit's domain (awards.unit_domain, and awards.unit_subtree, which my_units and so
--    every policy use) includes its predecessors and the units under them; awards.in_scope walks up
--    through successors as well as parents;
--  * eligibility of the successor on a day counts whoever belonged to its domain on that day.

CREATE TABLE awards.unit_successions (
    predecessor_id  bigint PRIMARY KEY REFERENCES awards.units (id),
    successor_id    bigint NOT NULL REFERENCES awards.units (id),
    took_effect_on  date NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('merger', 'rename')),
    -- The resolution or decision that ordered it (số/ký hiệu), e.g. "202/2025/QH15".
    legal_basis     text NOT NULL CHECK (legal_basis ~ '^\S(.*\S)?$' AND length(legal_basis) <= 200 AND legal_basis !~ '[[:cntrl:]]'),
    recorded_by     name NOT NULL DEFAULT session_user,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (successor_id <> predecessor_id)
);
CREATE INDEX unit_successions_successor ON awards.unit_successions (successor_id);
CREATE TRIGGER unit_successions_append_only BEFORE UPDATE OR DELETE ON awards.unit_successions
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_change();
CREATE TRIGGER unit_successions_no_truncate BEFORE TRUNCATE ON awards.unit_successions
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
REVOKE ALL ON awards.unit_successions FROM PUBLIC;
GRANT SELECT ON awards.unit_successions TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Whose scope a unit falls in: under its parent always, under its successor from the day on.
CREATE VIEW awards.unit_scope_edges AS
SELECT u.parent_id AS above_id, u.id AS below_id, '-infinity'::date AS since
FROM awards.units u WHERE u.parent_id IS NOT NULL
UNION ALL
SELECT s.successor_id, s.predecessor_id, s.took_effect_on FROM awards.unit_successions s;
REVOKE ALL ON awards.unit_scope_edges FROM PUBLIC;
GRANT SELECT ON awards.unit_scope_edges TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The unit, every unit below it and every unit it succeeded by p_on (and theirs), as they stood on p_on.
CREATE FUNCTION awards.unit_domain(root bigint, p_on date) RETURNS TABLE (unit_id bigint)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH RECURSIVE tree(id) AS (
        SELECT root
        UNION
        SELECT e.below_id FROM awards.unit_scope_edges e JOIN tree t ON e.above_id = t.id WHERE e.since <= p_on
    )
    SELECT id FROM tree;
END;

-- An officer's or a manager's scope today: the same walk (still inlined into my_units' cached plan).
CREATE OR REPLACE FUNCTION awards.unit_subtree(root bigint) RETURNS TABLE (unit_id bigint)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH RECURSIVE tree(id) AS (
        SELECT root
        UNION
        SELECT e.below_id FROM awards.unit_scope_edges e JOIN tree t ON e.above_id = t.id
        WHERE e.since <= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
    )
    SELECT id FROM tree;
END;

-- Walks up from the unit through parents and, from their day on, successors; the usual case (the
-- person's own unit) still needs no look-up, and a unit never succeeded costs the same single index
-- look-up per level as before (the succession is a left join on its primary key).
CREATE OR REPLACE FUNCTION awards.in_scope(p_person awards.people, p_unit bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_unit bigint := p_unit;
    v_parent bigint;
    v_successor bigint;
    v_pending bigint[] := '{}';
    v_seen bigint[] := '{}';
    v_today date;
BEGIN
    IF p_person.roles && ARRAY['standing_agency', 'admin'] THEN
        RETURN true;
    END IF;
    WHILE v_unit IS NOT NULL LOOP
        IF v_unit = p_person.unit_id THEN
            RETURN true;
        END IF;
        v_today := coalesce(v_today, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date);
        SELECT u.parent_id, s.successor_id INTO v_parent, v_successor
        FROM awards.units u LEFT JOIN awards.unit_successions s ON s.predecessor_id = u.id AND s.took_effect_on <= v_today
        WHERE u.id = v_unit;
        IF v_successor IS NOT NULL THEN
            -- A parent and a successor: both lines are walked; a unit met twice is not walked again.
            v_seen := v_seen || v_unit;
            IF v_parent IS NOT NULL AND NOT v_parent = ANY (v_seen) THEN
                v_pending := v_pending || v_parent;
            END IF;
            v_parent := v_successor;
        END IF;
        IF v_parent IS NULL OR v_parent = ANY (v_seen) THEN
            v_parent := v_pending[1];
            v_pending := v_pending[2:];
        END IF;
        v_unit := v_parent;
    END LOOP;
    RETURN false;
END
$$;

-- The unit a line of succession ends in today (the unit itself if never succeeded).
CREATE FUNCTION awards.current_successor(p_unit bigint) RETURNS bigint
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    WITH RECURSIVE chain(id, depth) AS (
        SELECT p_unit, 0
        UNION ALL
        SELECT s.successor_id, c.depth + 1 FROM awards.unit_successions s JOIN chain c ON s.predecessor_id = c.id
        WHERE s.took_effect_on <= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AND c.depth < 100
    )
    SELECT id FROM chain ORDER BY depth DESC LIMIT 1
$$;

-- A unit's name as it stands on its old papers, with what it is now: "Xã Ea Kly (nay: Xã Krông Pắc)".
CREATE FUNCTION awards.unit_label(p_unit bigint) RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT u.name::text || CASE WHEN c.id IS DISTINCT FROM u.id THEN ' (nay: ' || c.name::text || ')' ELSE '' END
    FROM awards.units u LEFT JOIN awards.units c ON c.id = awards.current_successor(u.id)
    WHERE u.id = p_unit
$$;

-- Recording a succession (administrators). Refused, with nothing written: unknown units, a unit
-- succeeded by itself, a unit already succeeded, a line of successions that would come back to the
-- predecessor, a day on or before the predecessor itself came into being by a succession, a successor
-- already succeeded by that day, nominees whose span in the predecessor does not end by it, and two
-- nominees who would share one identity in the successor.
CREATE FUNCTION awards.record_succession(p_predecessor text, p_successor text, p_on date, p_kind text, p_legal_basis text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_old awards.units;
    v_new awards.units;
    v_existing awards.unit_successions;
    v_formed date;
    v_clash record;
    v_moving bigint[];
BEGIN
    PERFORM awards.require_administrator('record unit successions');
    SELECT * INTO v_old FROM awards.units WHERE code = p_predecessor;
    IF v_old.id IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_predecessor USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    SELECT * INTO v_new FROM awards.units WHERE code = p_successor;
    IF v_new.id IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_successor USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF p_on IS NULL THEN
        RAISE EXCEPTION 'a succession needs the day it takes effect' USING ERRCODE = 'not_null_violation';
    END IF;
    IF v_old.id = v_new.id THEN
        RAISE EXCEPTION 'unit % cannot succeed itself', v_old.code USING ERRCODE = 'check_violation';
    END IF;
    -- One succession at a time changes the lines: a second recorder waits here and then sees the first.
    LOCK TABLE awards.unit_successions IN SHARE ROW EXCLUSIVE MODE;
    SELECT * INTO v_existing FROM awards.unit_successions WHERE predecessor_id = v_old.id;
    IF FOUND THEN
        RAISE EXCEPTION 'unit % was already succeeded by % from %', v_old.code,
            (SELECT code FROM awards.units WHERE id = v_existing.successor_id), to_char(v_existing.took_effect_on, 'DD/MM/YYYY')
            USING ERRCODE = 'unique_violation';
    END IF;
    IF EXISTS (
        WITH RECURSIVE chain(id) AS (
            SELECT v_new.id
            UNION
            SELECT s.successor_id FROM awards.unit_successions s JOIN chain c ON s.predecessor_id = c.id
        )
        SELECT 1 FROM chain WHERE id = v_old.id
    ) THEN
        RAISE EXCEPTION 'unit % cannot be succeeded by %: the successions of % already lead to %', v_old.code, v_new.code, v_new.code, v_old.code
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT max(took_effect_on) INTO v_formed FROM awards.unit_successions WHERE successor_id = v_old.id;
    IF v_formed IS NOT NULL AND p_on <= v_formed THEN
        RAISE EXCEPTION 'unit % came into being on %: it can be succeeded only after that', v_old.code, to_char(v_formed, 'DD/MM/YYYY')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_existing FROM awards.unit_successions WHERE predecessor_id = v_new.id;
    IF FOUND AND v_existing.took_effect_on <= p_on THEN
        RAISE EXCEPTION 'unit % was itself succeeded from %: choose the unit that succeeded it', v_new.code,
            to_char(v_existing.took_effect_on, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT u.nominee_id, u.valid_from INTO v_clash FROM awards.nominee_units u
    WHERE u.unit_id = v_old.id AND (u.valid_from >= p_on OR u.valid_to >= p_on) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'nominee % belongs to % on or after %: move it before recording the succession', v_clash.nominee_id, v_old.code,
            to_char(p_on, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT o.nominee_id AS moving, k.nominee_id AS holder INTO v_clash
    FROM awards.nominee_units o JOIN awards.nominees n ON n.id = o.nominee_id
    JOIN awards.nominee_units k ON k.nominee_key = awards.nominee_key(n.kind, v_new.id, n.full_name, n.birth_date) AND k.nominee_id <> o.nominee_id
    WHERE o.unit_id = v_old.id AND o.valid_to IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'nominee % of % and nominee % of % would be one nominee in %', v_clash.moving, v_old.code, v_clash.holder,
            v_new.code, v_new.code USING ERRCODE = 'unique_violation', HINT = 'tell the two apart (a name or a date of birth) before the succession';
    END IF;

    INSERT INTO awards.unit_successions (predecessor_id, successor_id, took_effect_on, kind, legal_basis)
    VALUES (v_old.id, v_new.id, p_on, p_kind, btrim(p_legal_basis));

    -- The nominees follow: their open spans end the day before, new ones open in the successor.
    WITH ended AS (
        UPDATE awards.nominee_units u SET valid_to = p_on - 1
        WHERE u.unit_id = v_old.id AND u.valid_to IS NULL
        RETURNING u.nominee_id
    )
    SELECT coalesce(array_agg(e.nominee_id), '{}') INTO v_moving FROM ended e;
    INSERT INTO awards.nominee_units (nominee_id, unit_id, valid_from, nominee_key)
    SELECT n.id, v_new.id, p_on, awards.nominee_key(n.kind, v_new.id, n.full_name, n.birth_date)
    FROM awards.nominees n WHERE n.id = ANY (v_moving);
END
$$;
REVOKE ALL ON FUNCTION awards.unit_domain(bigint, date), awards.current_successor(bigint), awards.unit_label(bigint),
    awards.record_succession(text, text, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.unit_domain(bigint, date), awards.current_successor(bigint), awards.unit_label(bigint)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
GRANT EXECUTE ON FUNCTION awards.record_succession(text, text, date, text, text) TO awards_admin;

-- Eligibility of a unit on a day: whoever belonged to its domain on that day (its predecessors' people
-- from the succession's day on, in the successor under their moved spans).
CREATE OR REPLACE FUNCTION awards.unit_eligibility(p_unit_code text, p_year integer, p_award text, p_on date)
    RETURNS TABLE (nominee_id bigint, full_name text, kind text, unit_code text, award_code text, qualifies boolean, failing integer,
                   findings jsonb)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_unit bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_unit_code USING ERRCODE = 'foreign_key_violation', HINT = 'list units with: awards unit list';
    END IF;
    IF p_award IS NOT NULL AND NOT EXISTS (SELECT 1 FROM awards.award_types WHERE code = p_award) THEN
        RAISE EXCEPTION 'unknown award "%"', p_award USING ERRCODE = 'foreign_key_violation', HINT = 'list awards with: awards catalog';
    END IF;
    RETURN QUERY
    WITH members AS (
        SELECT u.nominee_id AS member_id, uu.code::text AS member_unit
        FROM awards.nominee_units u JOIN awards.units uu ON uu.id = u.unit_id
        WHERE u.unit_id IN (SELECT s.unit_id FROM awards.unit_domain(v_unit, p_on) s)
          AND u.valid_from <= p_on AND (u.valid_to IS NULL OR u.valid_to >= p_on)
    ),
    awards_judged AS (
        SELECT ARRAY(SELECT DISTINCT r.award_code FROM awards.eligibility_rules r
                     WHERE r.award_code IS NOT NULL AND (p_award IS NULL OR r.award_code = p_award)) AS codes
    )
    SELECT v.nominee_id, n.full_name::text, n.kind, m.member_unit, v.award_code, v.qualifies, v.failing, v.findings
    FROM awards.eligibility_verdicts(ARRAY(SELECT m.member_id FROM members m), (SELECT j.codes FROM awards_judged j), p_year, p_on) v
    JOIN awards.nominees n ON n.id = v.nominee_id
    JOIN members m ON m.member_id = v.nominee_id
    ORDER BY v.award_code, v.qualifies DESC, v.failing, n.search_key, v.nominee_id;
END
$$;
