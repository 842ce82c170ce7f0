-- Eligibility rules as dated data of the catalogue (issue 15, item 3), and their one evaluation.
--
-- `awards db migrate` loads them from `eligibility:` of each award and `eligibility_for_every_award:` in
-- config/awards.yaml. Each rule has the days it applies, its document and article, how sure the source
-- is, and whether a failure refuses or only warns. Kinds:
--   consecutive_award {award, times, every}  the award held for the year and `times` - 1 times before it, every `every` years
--   initiative {scope, years, kinds}   an initiative or research recognised at that scope or wider, within them
--   rating {at_least, years}           the annual rating at least that, in each of them
--   no_block {kinds, within}           no such block on the day (within = day) or during the year (year)
--   any_of {}                          one of its conditions (rules whose parent it is) holds
-- awards.eligibility judges nominees against them; everything else (the listing, the refusals) reads it.

CREATE TABLE awards.eligibility_rules (
    id                  integer PRIMARY KEY,
    -- NULL: a rule of every award.
    award_code          text REFERENCES awards.award_types (code),
    -- A condition of an any_of rule; it has no days or source of its own.
    parent_id           integer REFERENCES awards.eligibility_rules (id),
    valid_from          date NOT NULL,
    valid_to            date,
    kind                text NOT NULL CHECK (kind IN ('consecutive_award', 'initiative', 'rating', 'no_block', 'any_of')),
    params              jsonb NOT NULL DEFAULT '{}',
    severity            text NOT NULL CHECK (severity IN ('refuse', 'warn')),
    document            text NOT NULL,
    article             text,
    confidence          text NOT NULL CHECK (confidence IN ('official', 'secondary', 'unconfirmed')),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX eligibility_rules_award ON awards.eligibility_rules (award_code);
REVOKE ALL ON awards.eligibility_rules FROM PUBLIC;
GRANT SELECT ON awards.eligibility_rules TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- The order of scopes and ratings the rules compare.
CREATE FUNCTION awards.scope_rank(p_scope text) RETURNS integer
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT CASE p_scope WHEN 'grassroots' THEN 1 WHEN 'province' THEN 2 WHEN 'national' THEN 3 END
$$;
CREATE FUNCTION awards.rating_rank(p_rating text) RETURNS integer
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT CASE p_rating WHEN 'not_completed' THEN 1 WHEN 'completed' THEN 2 WHEN 'good' THEN 3 WHEN 'excellent' THEN 4 END
$$;

-- Every rule in force on p_on of each award for each nominee the caller may see, with whether it
-- holds for the year p_year and the facts it saw. Set-based: one pass over the nominees' history.
CREATE FUNCTION awards.eligibility(p_nominees bigint[], p_awards text[], p_year integer, p_on date)
    RETURNS TABLE (nominee_id bigint, award_code text, rule_id integer, parent_id integer, kind text, passed boolean,
                   severity text, facts jsonb, document text, article text, confidence text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
    WITH candidates AS (
        SELECT n.id, n.kind FROM awards.nominees n WHERE n.id = ANY (p_nominees) AND awards.sees_nominee(n.id)
    ),
    applied AS (
        SELECT c.id AS nominee_id, a.code AS award_code, r.id, r.parent_id, r.kind, r.params, r.severity, r.document, r.article, r.confidence,
               p_year - coalesce((r.params ->> 'years')::integer, 1) + 1 AS first_year
        FROM candidates c
        JOIN awards.award_types a ON a.code = ANY (p_awards) AND c.kind = ANY (a.nominees)
        JOIN awards.eligibility_rules r ON (r.award_code = a.code OR r.award_code IS NULL)
                                       AND r.valid_from <= p_on AND (r.valid_to IS NULL OR r.valid_to >= p_on)
    ),
    held AS (
        SELECT h.nominee_id, h.award_code, array_agg(DISTINCT h.year) AS years
        FROM awards.nominee_award_years h
        WHERE h.nominee_id IN (SELECT id FROM candidates) AND NOT h.revoked AND h.year <= p_year
        GROUP BY h.nominee_id, h.award_code
    ),
    ratings AS (
        SELECT DISTINCT ON (r.nominee_id, r.year) r.nominee_id, r.year, r.rating
        FROM awards.performance_ratings r WHERE r.nominee_id IN (SELECT id FROM candidates) AND r.year <= p_year
        ORDER BY r.nominee_id, r.year, r.seq DESC
    ),
    judged AS (
        -- consecutive_award
        SELECT a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence,
               cardinality(w.missing) = 0 AS passed,
               jsonb_build_object('award', a.params ->> 'award', 'have', to_jsonb(w.have), 'missing', to_jsonb(w.missing)) AS facts
        FROM applied a
        LEFT JOIN held h ON h.nominee_id = a.nominee_id AND h.award_code = a.params ->> 'award'
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(y ORDER BY y) FILTER (WHERE y = ANY (coalesce(h.years, '{}'))), '{}') AS have,
                   coalesce(array_agg(y ORDER BY y) FILTER (WHERE NOT y = ANY (coalesce(h.years, '{}'))), '{}') AS missing
            FROM generate_series(p_year - ((a.params ->> 'times')::integer - 1) * (a.params ->> 'every')::integer, p_year,
                                 (a.params ->> 'every')::integer) y) w
        WHERE a.kind = 'consecutive_award'
        UNION ALL
        -- initiative
        SELECT a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence,
               count(i.id) > 0,
               jsonb_build_object('scope', a.params ->> 'scope', 'from', a.first_year, 'to', p_year,
                                  'found', coalesce(jsonb_agg(jsonb_build_object('title', i.title, 'scope', i.scope, 'kind', i.kind,
                                                                                 'document', i.document, 'on', i.recognised_on)
                                                              ORDER BY i.recognised_on) FILTER (WHERE i.id IS NOT NULL), '[]'))
        FROM applied a
        LEFT JOIN awards.initiatives i ON i.nominee_id = a.nominee_id
             AND extract(year FROM i.recognised_on) BETWEEN a.first_year AND p_year
             AND awards.scope_rank(i.scope) >= awards.scope_rank(a.params ->> 'scope')
             AND (a.params -> 'kinds' IS NULL OR a.params -> 'kinds' ? i.kind)
        WHERE a.kind = 'initiative'
        GROUP BY a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence, a.params, a.first_year
        UNION ALL
        -- rating
        SELECT a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence,
               bool_and(awards.rating_rank(r.rating) >= awards.rating_rank(a.params ->> 'at_least')) IS TRUE
                   AND count(r.year) = p_year - a.first_year + 1,
               jsonb_build_object('at_least', a.params ->> 'at_least',
                                  'have', coalesce(jsonb_object_agg(y, r.rating) FILTER (WHERE r.rating IS NOT NULL), '{}'),
                                  'missing', coalesce(jsonb_agg(y ORDER BY y) FILTER (WHERE r.rating IS NULL
                                                      OR awards.rating_rank(r.rating) < awards.rating_rank(a.params ->> 'at_least')), '[]'))
        FROM applied a
        CROSS JOIN LATERAL generate_series(a.first_year, p_year) y
        LEFT JOIN ratings r ON r.nominee_id = a.nominee_id AND r.year = y
        WHERE a.kind = 'rating'
        GROUP BY a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence, a.params, a.first_year
        UNION ALL
        -- no_block
        SELECT a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence,
               count(b.id) = 0,
               jsonb_build_object('within', a.params ->> 'within',
                                  'blocks', coalesce(jsonb_agg(jsonb_build_object('kind', b.kind, 'from', b.from_date, 'to', b.to_date, 'note', b.note)
                                                               ORDER BY b.from_date) FILTER (WHERE b.id IS NOT NULL), '[]'))
        FROM applied a
        LEFT JOIN awards.nominee_blocks b ON b.nominee_id = a.nominee_id AND a.params -> 'kinds' ? b.kind
             AND CASE WHEN a.params ->> 'within' = 'year'
                      THEN b.from_date <= make_date(p_year, 12, 31) AND (b.to_date IS NULL OR b.to_date >= make_date(p_year, 1, 1))
                      ELSE b.from_date <= p_on AND (b.to_date IS NULL OR b.to_date >= p_on) END
        WHERE a.kind = 'no_block'
        GROUP BY a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence, a.params
    )
    SELECT j.nominee_id, j.award_code, j.id, j.parent_id, j.kind, j.passed, j.severity, j.facts, j.document, j.article, j.confidence
    FROM judged j
    UNION ALL
    -- any_of: one of its conditions holds.
    SELECT a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, coalesce(bool_or(j.passed), false), a.severity,
           jsonb_build_object('held_by', coalesce(jsonb_agg(j.id ORDER BY j.id) FILTER (WHERE j.passed), '[]')),
           a.document, a.article, a.confidence
    FROM applied a LEFT JOIN judged j ON j.nominee_id = a.nominee_id AND j.award_code = a.award_code AND j.parent_id = a.id
    WHERE a.kind = 'any_of'
    GROUP BY a.nominee_id, a.award_code, a.id, a.parent_id, a.kind, a.severity, a.document, a.article, a.confidence
$$;

-- Per nominee and award: whether every rule that refuses holds, how many do not, and every finding.
CREATE FUNCTION awards.eligibility_verdicts(p_nominees bigint[], p_awards text[], p_year integer, p_on date)
    RETURNS TABLE (nominee_id bigint, award_code text, qualifies boolean, failing integer, findings jsonb)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT e.nominee_id, e.award_code,
           coalesce(bool_and(e.passed) FILTER (WHERE e.parent_id IS NULL AND e.severity = 'refuse'), true),
           count(*) FILTER (WHERE e.parent_id IS NULL AND e.severity = 'refuse' AND NOT e.passed)::integer,
           jsonb_agg(jsonb_build_object('rule', e.rule_id, 'parent', e.parent_id, 'kind', e.kind, 'passed', e.passed, 'severity', e.severity,
                                        'facts', e.facts, 'document', e.document, 'article', e.article, 'confidence', e.confidence)
                     ORDER BY e.rule_id)
    FROM awards.eligibility(p_nominees, p_awards, p_year, p_on) e
    GROUP BY e.nominee_id, e.award_code
$$;

-- Who of a unit (and the units under it) qualifies for which award in a year: every nominee belonging
-- to them on p_on, against every award with rules (or the one asked for).
CREATE FUNCTION awards.unit_eligibility(p_unit_code text, p_year integer, p_award text, p_on date)
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
        WHERE u.unit_id IN (SELECT s.unit_id FROM awards.unit_subtree(v_unit) s)
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

REVOKE ALL ON FUNCTION awards.scope_rank(text), awards.rating_rank(text), awards.eligibility(bigint[], text[], integer, date),
    awards.eligibility_verdicts(bigint[], text[], integer, date), awards.unit_eligibility(text, integer, text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION awards.eligibility(bigint[], text[], integer, date),
    awards.eligibility_verdicts(bigint[], text[], integer, date), awards.unit_eligibility(text, integer, text, date)
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
