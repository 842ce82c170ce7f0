-- The count's results and opened ballots checked once per statement instead of once per row (issue 14:
-- the count of 25 members on 1,000 lines took 103–116 ms after 0029, against a goal of 100 ms).
--
-- What remained of the count's time, measured in 0029, included the four foreign keys on
-- council_results (about 12 ms: 4,000 trigger events for the 1,000 results, each a lookup of its own
-- plan) and the one on counted_ballots.lower_award (an event per row, NULL or not). The rows are all
-- written by one statement of awards.count_council_ballots, so one check over the statement's added
-- rows (a transition table, joined once) does the same work as those 5 × rows lookups.
--
-- What a foreign key also guarantees is that the referenced row is never deleted while referenced.
-- That is kept by refusing the deletion itself:
--   * council meetings are never deleted (council_meetings_only_counted, 0025);
--   * award types are only added or updated by `db migrate` (WorkflowStore upserts them), never
--     deleted: now refused by a trigger, and TRUNCATE too;
--   * proposal lines leave a proposal by `left_at`, never by deletion: now refused likewise.
-- Even the owner is refused (the triggers bind every role), as a foreign key's ON DELETE NO ACTION
-- refused it; and as its ON UPDATE NO ACTION did, a line's or an award's key is never changed either.
--
-- The statement checks are stronger than the keys they replace: results and opened ballots must be of a
-- meeting being counted by this very transaction (0029), of a line of one of that meeting's
-- proposals, and name award types that exist.

CREATE FUNCTION awards.refuse_delete() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted nor given another key: what was decided refers to them', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_delete() FROM PUBLIC;

CREATE TRIGGER award_types_never_deleted BEFORE DELETE ON awards.award_types
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_delete();
CREATE TRIGGER award_types_keep_their_code BEFORE UPDATE OF code ON awards.award_types
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION awards.refuse_delete();
CREATE TRIGGER award_types_no_truncate BEFORE TRUNCATE ON awards.award_types
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER proposal_lines_never_deleted BEFORE DELETE ON awards.proposal_lines
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_delete();
CREATE TRIGGER proposal_lines_keep_their_key BEFORE UPDATE OF proposal_id, line_no ON awards.proposal_lines
    FOR EACH ROW WHEN (OLD.proposal_id IS DISTINCT FROM NEW.proposal_id OR OLD.line_no IS DISTINCT FROM NEW.line_no)
    EXECUTE FUNCTION awards.refuse_delete();
CREATE TRIGGER proposal_lines_no_truncate BEFORE TRUNCATE ON awards.proposal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER council_meetings_no_truncate BEFORE TRUNCATE ON awards.council_meetings
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();

-- Results are added only by the count of their meeting (0029's rule and message), for lines of that
-- meeting's proposals, naming award types that exist: all of it over the statement's rows at once.
CREATE OR REPLACE FUNCTION awards.refuse_results_after_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_counting text := coalesce(current_setting('awards.counting_meeting', true), '');
    v_meeting bigint;
    v_counted timestamptz;
    v_stray record;
BEGIN
    SELECT m.id, m.counted_at INTO v_meeting, v_counted
    FROM awards.council_meetings m
    WHERE m.id IN (SELECT meeting_id FROM added_results) AND m.counted_at IS NOT NULL AND v_counting <> m.id::text
    ORDER BY m.id LIMIT 1;
    IF v_meeting IS NOT NULL THEN
        RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', v_meeting,
            to_char(v_counted AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT r.meeting_id, r.proposal_id, r.line_no INTO v_stray
    FROM added_results r
    LEFT JOIN awards.council_meetings m ON m.id = r.meeting_id
    LEFT JOIN awards.council_meeting_proposals mp ON mp.meeting_id = r.meeting_id AND mp.proposal_id = r.proposal_id
    LEFT JOIN awards.proposal_lines l ON l.proposal_id = r.proposal_id AND l.line_no = r.line_no
    LEFT JOIN awards.award_types proposed ON proposed.code = r.proposed_award
    LEFT JOIN awards.award_types passed ON passed.code = r.passed_award
    WHERE m.id IS NULL OR mp.proposal_id IS NULL OR l.line_no IS NULL OR proposed.code IS NULL
       OR (r.passed_award IS NOT NULL AND passed.code IS NULL)
    ORDER BY r.meeting_id, r.proposal_id, r.line_no LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a result of council meeting % names no line % of a proposal before it, or an unknown award', v_stray.meeting_id,
            v_stray.proposal_id || '/' || v_stray.line_no USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

-- Opened ballots: 0029's rule, and the lower award they name exists.
CREATE OR REPLACE FUNCTION awards.counted_ballots_by_the_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_counting text := coalesce(current_setting('awards.counting_meeting', true), '');
    v_meeting bigint;
    v_award text;
BEGIN
    SELECT a.meeting_id INTO v_meeting
    FROM (SELECT DISTINCT meeting_id FROM added_ballots) a
    WHERE a.meeting_id::text <> v_counting
       OR NOT EXISTS (SELECT 1 FROM awards.council_meetings m WHERE m.id = a.meeting_id AND m.counted_at IS NOT NULL)
    ORDER BY a.meeting_id LIMIT 1;
    IF v_meeting IS NOT NULL THEN
        RAISE EXCEPTION 'the opened ballots of council meeting % are written only by its count', v_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT a.lower_award INTO v_award
    FROM (SELECT DISTINCT lower_award FROM added_ballots WHERE lower_award IS NOT NULL) a
    WHERE NOT EXISTS (SELECT 1 FROM awards.award_types t WHERE t.code = a.lower_award)
    ORDER BY a.lower_award LIMIT 1;
    IF v_award IS NOT NULL THEN
        RAISE EXCEPTION 'unknown award "%"', v_award USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

ALTER TABLE awards.council_results DROP CONSTRAINT council_results_meeting_id_fkey,
    DROP CONSTRAINT council_results_proposed_award_fkey, DROP CONSTRAINT council_results_passed_award_fkey,
    DROP CONSTRAINT council_results_proposal_id_line_no_fkey;
ALTER TABLE awards.counted_ballots DROP CONSTRAINT counted_ballots_lower_award_fkey;
