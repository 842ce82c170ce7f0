-- Eligibility checked where it matters (issue 15, item 4): when a line is added to a proposal, and again
-- when it is decided. Both read awards.eligibility_verdicts (0031), the one evaluation of the rules.
--
--   * When lines are added, each is judged for its award, the proposal's year and the day it is added,
--     and the verdict is kept beside the line (awards.line_eligibility, with the catalogue version in
--     force), for the officer, the council and the standing agency to read. A line that does not qualify
--     is still added: the proposal is a draft, and the history that qualifies the nominee (past years'
--     decisions, ratings, initiatives) is often recorded after the list is drawn up. The command that
--     adds it says what is missing, with the article.
--   * When a decision is signed, every decided line is judged again, for the award granted, the
--     proposal's year and the decision's date: one that fails a rule that refuses refuses the whole
--     decision (AW004), naming the first such line; DETAIL carries every failing line's findings as
--     JSON, which the commands explain with the rule, the facts and the article. Rules that only warn
--     never refuse. The decision keeps the catalogue version it was made under (0021), hence the rules.

-- The owner of the schema sees every nominee, as it reads every table anyway (row security does not
-- apply to it): so a check run by the owner (the migration below, maintenance) judges every line rather
-- than finding every nominee out of sight. No login acting for a person is the owner.
CREATE OR REPLACE FUNCTION awards.sees_nominee(p_nominee bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
    SELECT awards.sees_all_units()
        OR session_user = (SELECT n.nspowner::regrole::name FROM pg_catalog.pg_namespace n WHERE n.nspname = 'awards')
        OR EXISTS (SELECT 1 FROM awards.nominee_units u WHERE u.nominee_id = p_nominee AND u.unit_id IN (SELECT awards.my_units()))
$$;

CREATE TABLE awards.line_eligibility (
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    -- As the line names the nominee, so that reading the verdicts needs no join (a proposal's lines are
    -- read right after they are added, before the statistics know of them).
    nominee_name        text NOT NULL,
    award_code          text NOT NULL,
    year                integer NOT NULL,
    judged_on           date NOT NULL,
    catalogue_version   text,
    qualifies           boolean NOT NULL,
    -- Rules that refuse and do not hold.
    failing             integer NOT NULL,
    findings            jsonb NOT NULL,
    PRIMARY KEY (proposal_id, line_no),
    FOREIGN KEY (proposal_id, line_no) REFERENCES awards.proposal_lines (proposal_id, line_no)
);
ALTER TABLE awards.line_eligibility ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON awards.line_eligibility FROM PUBLIC;
GRANT SELECT ON awards.line_eligibility TO awards_officer, awards_manager, awards_standing_agency, awards_admin;
-- Whoever sees the line sees its verdict (proposal_lines' own policy applies inside).
CREATE POLICY line_eligibility_in_scope ON awards.line_eligibility FOR SELECT
    TO awards_officer, awards_manager, awards_standing_agency, awards_admin
    USING (EXISTS (SELECT 1 FROM awards.proposal_lines l WHERE l.proposal_id = line_eligibility.proposal_id AND l.line_no = line_eligibility.line_no));

CREATE FUNCTION awards.refuse_eligibility_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_eligibility_rewrite() FROM PUBLIC;
CREATE TRIGGER line_eligibility_append_only BEFORE UPDATE OR DELETE ON awards.line_eligibility
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_eligibility_rewrite();
CREATE TRIGGER line_eligibility_no_truncate BEFORE TRUNCATE ON awards.line_eligibility
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- Each line of (proposal, line, nominee key, award, year) judged on a day: one call of
-- awards.eligibility_verdicts per (award, year), with all the nominees of that award at once.
CREATE FUNCTION awards.line_verdicts(p_lines jsonb, p_on date)
    RETURNS TABLE (proposal_id bigint, line_no integer, nominee_name text, award_code text, year integer, qualifies boolean, failing integer,
                   findings jsonb)
    LANGUAGE sql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
    WITH lines AS (
        SELECT l.proposal_id, l.line_no, l.nominee_name, l.award_code, l.year, k.nominee_id
        FROM jsonb_to_recordset(p_lines) AS l(proposal_id bigint, line_no integer, nominee_key text, nominee_name text, award_code text,
                                               year integer)
        LEFT JOIN LATERAL (SELECT u.nominee_id FROM awards.nominee_units u WHERE u.nominee_key = l.nominee_key LIMIT 1) k ON true
    ),
    asked AS (
        SELECT l.award_code, l.year, array_agg(DISTINCT l.nominee_id) AS nominees FROM lines l GROUP BY l.award_code, l.year
    ),
    verdicts AS (
        SELECT a.year, v.* FROM asked a CROSS JOIN LATERAL awards.eligibility_verdicts(a.nominees, ARRAY[a.award_code], a.year, p_on) v
    )
    -- A line with no verdict although rules are in force is one whose nominee the caller may not read:
    -- it is not taken to qualify (fail closed), it is judged not seen.
    SELECT l.proposal_id, l.line_no, l.nominee_name, l.award_code, l.year,
           coalesce(v.qualifies, NOT r.apply), coalesce(v.failing, CASE WHEN r.apply THEN 1 ELSE 0 END),
           coalesce(v.findings, CASE WHEN r.apply
                                     THEN jsonb_build_array(jsonb_build_object('rule', 0, 'parent', NULL, 'kind', 'not_seen', 'passed', false,
                                                                               'severity', 'refuse', 'facts', '{}'::jsonb, 'document', '',
                                                                               'article', NULL, 'confidence', 'official'))
                                     ELSE '[]' END)
    FROM lines l
    LEFT JOIN verdicts v ON v.nominee_id = l.nominee_id AND v.award_code = l.award_code AND v.year = l.year
    CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM awards.eligibility_rules e
                                       WHERE (e.award_code = l.award_code OR e.award_code IS NULL)
                                         AND e.valid_from <= p_on AND (e.valid_to IS NULL OR e.valid_to >= p_on)) AS apply) r
$$;
REVOKE ALL ON FUNCTION awards.line_verdicts(jsonb, date) FROM PUBLIC;
-- Also a preview of what signing on a day would find; it reads only what the caller may see.
GRANT EXECUTE ON FUNCTION awards.line_verdicts(jsonb, date) TO awards_officer, awards_manager, awards_standing_agency, awards_admin;

-- Lines added: judged, the verdicts kept. After proposal_lines_register_nominees (trigger names sort so),
-- which gives a new nominee an identity to judge.
CREATE FUNCTION awards.judge_added_lines() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
    INSERT INTO awards.line_eligibility (proposal_id, line_no, nominee_name, award_code, year, judged_on, catalogue_version, qualifies, failing,
                                         findings)
    SELECT v.proposal_id, v.line_no, v.nominee_name, v.award_code, v.year, v_today, (SELECT c.version FROM awards.catalogue_versions c WHERE c.in_force),
           v.qualifies, v.failing, v.findings
    FROM awards.line_verdicts((SELECT jsonb_agg(jsonb_build_object('proposal_id', a.proposal_id, 'line_no', a.line_no, 'nominee_key', a.nominee_key,
                                                                   'nominee_name', n.nominee_name, 'award_code', a.award_code, 'year', p.year))
                               FROM added_lines a JOIN awards.proposals p ON p.id = a.proposal_id
                               JOIN awards.nominations n ON n.id = a.nomination_id), v_today) v;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.judge_added_lines() FROM PUBLIC;
CREATE TRIGGER proposal_lines_then_judged AFTER INSERT ON awards.proposal_lines
    REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION awards.judge_added_lines();

-- Lines decided: judged again on the decision's date for the award granted; one that fails a rule that
-- refuses refuses the decision.
CREATE FUNCTION awards.refuse_ineligible_decided_lines() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_day date;
    v_failing jsonb;
    v_first jsonb;
BEGIN
    SELECT d.decision_date INTO v_day FROM awards.decisions d WHERE d.id = (SELECT min(x.decision_id) FROM decided_lines x);
    SELECT jsonb_agg(jsonb_build_object('proposal', v.proposal_id, 'line', v.line_no, 'name', v.nominee_name, 'award', v.award_code,
                                        'findings', v.findings) ORDER BY v.proposal_id, v.line_no)
    INTO v_failing
    FROM awards.line_verdicts((SELECT jsonb_agg(jsonb_build_object('proposal_id', x.proposal_id, 'line_no', x.proposal_line_no,
                                                                   'nominee_key', x.nominee_key, 'nominee_name', x.nominee_name,
                                                                   'award_code', x.granted_award, 'year', p.year))
                               FROM decided_lines x JOIN awards.proposals p ON p.id = x.proposal_id), v_day) v
    WHERE NOT v.qualifies;
    IF v_failing IS NOT NULL THEN
        v_first := v_failing -> 0;
        IF jsonb_array_length(v_failing) = 1 THEN
            RAISE EXCEPTION 'line % of proposal % (%) does not qualify for % on %', v_first ->> 'line', v_first ->> 'proposal',
                v_first ->> 'name', v_first ->> 'award', to_char(v_day, 'DD/MM/YYYY')
                USING ERRCODE = 'AW004', DETAIL = v_failing::text,
                      HINT = 'take the line out of the decision, or record what qualifies the nominee (awards eligible shows what is missing)';
        END IF;
        RAISE EXCEPTION 'line % of proposal % (%) does not qualify for % on %, one of % lines of the decision that do not', v_first ->> 'line',
            v_first ->> 'proposal', v_first ->> 'name', v_first ->> 'award', to_char(v_day, 'DD/MM/YYYY'), jsonb_array_length(v_failing)
            USING ERRCODE = 'AW004', DETAIL = v_failing::text,
                  HINT = 'take the lines out of the decision, or record what qualifies the nominees (awards eligible shows what is missing)';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_ineligible_decided_lines() FROM PUBLIC;
CREATE TRIGGER decision_lines_eligible AFTER INSERT ON awards.decision_lines
    REFERENCING NEW TABLE AS decided_lines FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_ineligible_decided_lines();

-- The lines proposed before this file are judged as of today, once.
INSERT INTO awards.line_eligibility (proposal_id, line_no, nominee_name, award_code, year, judged_on, catalogue_version, qualifies, failing, findings)
SELECT v.proposal_id, v.line_no, v.nominee_name, v.award_code, v.year, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       (SELECT c.version FROM awards.catalogue_versions c WHERE c.in_force), v.qualifies, v.failing, v.findings
FROM awards.line_verdicts((SELECT coalesce(jsonb_agg(jsonb_build_object('proposal_id', l.proposal_id, 'line_no', l.line_no, 'nominee_key', l.nominee_key,
                                                                        'nominee_name', n.nominee_name, 'award_code', l.award_code, 'year', p.year)), '[]')
                           FROM awards.proposal_lines l JOIN awards.proposals p ON p.id = l.proposal_id
                           JOIN awards.nominations n ON n.id = l.nomination_id),
                          (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) v;
