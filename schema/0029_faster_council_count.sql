-- The count of a council meeting without per-ballot work (issue 14's benchmark: 25 members on 1,000
-- lines, 25,000 ballots, took 0.47 s in 0027 against a goal of 0.1 s). Profiled with auto_explain and
-- track_functions, the time went on work done once per ballot or once per (line × member), none of it
-- the tally itself:
--
--   * who is barred from a line: awards.names_the_member called for every line and every member
--     (25,000 calls of a function with its own search_path, so never inlined): about 105 ms;
--   * the foreign key from counted_ballots to council_meetings, checked row by row for 25,000 rows
--     all naming the one meeting the count has locked: about 90 ms, and the one to award_types about 10;
--   * the row trigger that lets a ballot leave the box only by its meeting's count, fired 25,000 times
--     on the delete: about 50 ms;
--   * the move itself: a sort of 25,000 random keys and index insertions in random order, a scan of the
--     box to tally it and another to move it;
--   * smaller: the council_vote_rule lookup once per line for the quorum, the row trigger and four
--     foreign keys on the 1,000 results.
-- (Figures from auto_explain with timing on, so somewhat inflated; the count took 445 ms in that run.)
--
-- Writing the 25,000 opened ballots one row each still left the count at about 140 ms: deleting the
-- 25,000 ballots from the box about 25 ms, writing the opened ones about 25 ms, the foreign key on
-- counted_ballots.lower_award about 10 ms (a trigger event per row, NULL or not), the four foreign keys
-- on council_results about 15 ms, and the rest of the count about 40 ms. So the box is now opened into
-- its tally: counted_ballots keeps one row per (meeting, line, what the ballot said) with the number of
-- ballots that said it — 1,700 rows for the benchmark's 25,000 ballots. No single ballot survives the
-- count, only how many said each thing. The benchmark's count then took 103 ms and 116 ms (medians of
-- 5 runs; 145 ms before, on the same machine): better, not yet under the goal. What remains, measured
-- in one psql session on a copy of the benchmark's meeting (about 92 ms there): the four foreign keys
-- on council_results about 12 ms, the first call's planning and compiling in a fresh backend about
-- 15 ms, deleting the 25,000 ballots from the box about 20 ms, grouping them about 6 ms.
--
-- What changes, and what stays:
--
--   * A member is the nominee of a line when awards.names_the_member says so, as before; the count now
--     finds the candidate pairs by a hash join on the nominee's name key (awards.nominee_name_key, which
--     names_the_member is now written with, so a pair the join leaves out is one names_the_member
--     refuses) and asks names_the_member only about those pairs.
--   * The box is opened once: one DELETE … RETURNING feeds both the tally and counted_ballots, in one
--     statement. The ballots leave only by their meeting's count, checked once per statement over the
--     deleted rows (a transition table) instead of once per row; an UPDATE is still refused row by row.
--   * Secrecy: the opened ballots are kept aggregated, one row per meeting, line, choice and lower
--     award with the number of ballots (counted_ballots.ballots, at least 1): what the results publish
--     anyway, and nothing of any single ballot — not who cast it or when, nor its place among the others,
--     since there is no row of its own left to have a place. Rows are written in the order of what they
--     say. (The box's own order, member after member, is never read, only grouped.) Meetings counted
--     before this file have their opened ballots folded the same way here, once.
--   * counted_ballots.meeting_id is checked once per statement instead of once per row: every row the
--     statement adds must name an existing meeting, already counted, being counted by this very
--     transaction (awards.counting_meeting) — stronger than the foreign key it replaces, which only
--     asked that the meeting exist. Meetings are never deleted and their id never changes
--     (council_meetings_only_counted), nor can they be truncated (the other council tables reference
--     them and refuse TRUNCATE), so the reference cannot dangle afterwards. The foreign key on
--     lower_award stays (award types are not protected from deletion otherwise).
--   * The b-tree on counted_ballots (meeting, proposal, line) becomes the unique key of the
--     aggregated rows (meeting, proposal, line, choice, lower award, a missing lower award equal to
--     another): one row per thing said, never two.
--   * council_results' "only by the count" check runs once per statement over the added rows, with the
--     same rule and message as the row trigger it replaces; its foreign keys stay.
--   * Every line's result is computed by the same rule as 0025 and 0027.

-- The key a nominee's name and a member's name are compared by: NFC, then lower case. A SQL-standard
-- body like awards.search_key (bound when created, so it needs no search_path of its own) and so
-- inlined into the queries that join on it.
CREATE FUNCTION awards.nominee_name_key(p_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lower(normalize(p_name, NFC));
REVOKE ALL ON FUNCTION awards.nominee_name_key(text) FROM PUBLIC;

-- The same rule as 0025, through the key.
CREATE OR REPLACE FUNCTION awards.names_the_member(p_kind text, p_name text, p_unit bigint, p_member_name text, p_member_unit bigint)
    RETURNS boolean LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, awards, pg_temp
    RETURN p_kind = 'individual' AND p_unit = p_member_unit AND awards.nominee_name_key(p_name) = awards.nominee_name_key(p_member_name);

-- A ballot leaves the box only by the count of its meeting: checked over all the rows a DELETE took.
CREATE FUNCTION awards.refuse_ballots_leaving() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_counting text := coalesce(current_setting('awards.counting_meeting', true), '');
BEGIN
    IF EXISTS (SELECT 1 FROM opened_ballots WHERE meeting_id::text <> v_counting) THEN
        RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_ballots_leaving() FROM PUBLIC;
DROP TRIGGER ballots_leave_only_by_the_count ON awards.ballots;
CREATE TRIGGER ballots_never_change BEFORE UPDATE ON awards.ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_council_rewrite();
CREATE TRIGGER ballots_leave_only_by_the_count AFTER DELETE ON awards.ballots
    REFERENCING OLD TABLE AS opened_ballots FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_ballots_leaving();

-- Results of a counted meeting are added only by its count: refuse_after_count's rule, once per statement.
CREATE FUNCTION awards.refuse_results_after_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_meeting bigint;
    v_counted timestamptz;
BEGIN
    SELECT m.id, m.counted_at INTO v_meeting, v_counted
    FROM awards.council_meetings m
    WHERE m.id IN (SELECT meeting_id FROM added_results) AND m.counted_at IS NOT NULL
      AND coalesce(current_setting('awards.counting_meeting', true), '') <> m.id::text
    ORDER BY m.id LIMIT 1;
    IF v_meeting IS NOT NULL THEN
        RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', v_meeting,
            to_char(v_counted AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_results_after_count() FROM PUBLIC;
DROP TRIGGER council_results_by_the_count ON awards.council_results;
CREATE TRIGGER council_results_by_the_count AFTER INSERT ON awards.council_results
    REFERENCING NEW TABLE AS added_results FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_results_after_count();

-- Opened ballots belong to a meeting that exists, is counted, and is being counted by this very
-- transaction (awards.counting_meeting): once per statement, over the added rows, in place of a
-- foreign-key check per row. The count holds the meeting's row FOR UPDATE, as the key share lock of
-- the foreign key would have held it.
CREATE FUNCTION awards.counted_ballots_by_the_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_counting text := coalesce(current_setting('awards.counting_meeting', true), '');
    v_meeting bigint;
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
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.counted_ballots_by_the_count() FROM PUBLIC;

-- The opened ballots kept as their tally: one row per (meeting, line, choice, lower award) with the
-- number of ballots that said it. Meetings already counted have their rows folded so, once, here (the
-- owner lifts the append-only trigger for this one statement only, inside this migration's transaction;
-- the by-the-count trigger is created just after, so it does not see the rewrite). The b-tree on
-- (meeting, proposal, line) gives way to the unique key of the folded rows, which serves the same
-- lookups by meeting.
ALTER TABLE awards.counted_ballots ADD COLUMN ballots integer NOT NULL DEFAULT 1 CHECK (ballots >= 1);
ALTER TABLE awards.counted_ballots DISABLE TRIGGER counted_ballots_append_only;
WITH unfolded AS (
    DELETE FROM awards.counted_ballots RETURNING meeting_id, proposal_id, line_no, choice, lower_award
)
INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, lower_award, ballots)
    SELECT meeting_id, proposal_id, line_no, choice, lower_award, count(*) FROM unfolded
    GROUP BY meeting_id, proposal_id, line_no, choice, lower_award
    ORDER BY meeting_id, proposal_id, line_no, choice, lower_award;
ALTER TABLE awards.counted_ballots ENABLE TRIGGER counted_ballots_append_only;
ALTER TABLE awards.counted_ballots ALTER COLUMN ballots DROP DEFAULT;
DROP INDEX awards.counted_ballots_meeting;
ALTER TABLE awards.counted_ballots ADD CONSTRAINT counted_ballots_once
    UNIQUE NULLS NOT DISTINCT (meeting_id, proposal_id, line_no, choice, lower_award);

ALTER TABLE awards.counted_ballots DROP CONSTRAINT counted_ballots_meeting_id_fkey;
CREATE TRIGGER counted_ballots_by_the_count AFTER INSERT ON awards.counted_ballots
    REFERENCING NEW TABLE AS added_ballots FOR EACH STATEMENT EXECUTE FUNCTION awards.counted_ballots_by_the_count();

CREATE OR REPLACE FUNCTION awards.count_council_ballots(p_meeting bigint, p_minutes_number text, p_minutes_date date) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_meeting awards.council_meetings := awards.meeting_to_use(v_person, p_meeting);
    v_voting integer;
    v_present integer;
    v_written integer;
    v_quorum_award text;
    v_quorum_percent text;
    v_quorum_source text;
    v_lines integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM awards.council_seats(v_meeting.council_id, v_meeting.held_on) s
                   WHERE s.person_id = v_person.id AND s.position IN ('chair', 'secretary')) THEN
        RAISE EXCEPTION '% may not count the ballots of council meeting %: only its chair or its secretary', v_person.login_role, p_meeting
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF btrim(coalesce(p_minutes_number, '')) = '' OR p_minutes_date IS NULL THEN
        RAISE EXCEPTION 'the count is recorded in the minutes: give their number and date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT count(*), count(*) FILTER (WHERE presence = 'present'), count(*) FILTER (WHERE presence = 'absent_written')
    INTO v_voting, v_present, v_written FROM awards.council_attendance WHERE meeting_id = p_meeting;

    -- The strictest quorum among the rules of the lines before the meeting decides (each award's rule
    -- looked up once, not once per line).
    SELECT l.award_code, trim_scale(r.quorum_percent)::text, r.document || coalesce(', ' || r.article, '')
    INTO v_quorum_award, v_quorum_percent, v_quorum_source
    FROM (SELECT DISTINCT award_code FROM awards.meeting_lines(p_meeting)) l
    CROSS JOIN LATERAL awards.council_vote_rule(l.award_code, v_meeting.held_on) r
    WHERE r.award_code IS NOT NULL AND r.quorum_percent IS NOT NULL AND v_present * 100 < r.quorum_percent * v_voting
    ORDER BY r.quorum_percent DESC, l.award_code LIMIT 1;
    IF v_quorum_award IS NOT NULL THEN
        RAISE EXCEPTION 'council meeting % lacks its quorum: % of % voting members are present, and % needs % %% (%)', p_meeting,
            v_present, v_voting, v_quorum_award, v_quorum_percent, v_quorum_source USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;

    UPDATE awards.council_meetings SET counted_at = now(), counted_by = session_user,
        minutes_number = btrim(p_minutes_number), minutes_date = p_minutes_date
    WHERE id = p_meeting;
    PERFORM set_config('awards.counting_meeting', p_meeting::text, true);

    -- One statement: the box emptied, its ballots grouped once by what they say, the groups written
    -- out to counted_ballots with their number of ballots, and every line's result computed from the same groups.
    WITH opened AS (
        DELETE FROM awards.ballots WHERE meeting_id = p_meeting RETURNING proposal_id, line_no, choice, lower_award
    ),
    box AS (
        SELECT proposal_id, line_no, choice, lower_award, count(*) AS n FROM opened GROUP BY proposal_id, line_no, choice, lower_award
    ),
    -- The opened ballots kept as their tally, in the order of what they say (see the head of this file).
    counted AS (
        INSERT INTO awards.counted_ballots (meeting_id, proposal_id, line_no, choice, lower_award, ballots)
        SELECT p_meeting, proposal_id, line_no, choice, lower_award, n FROM box
        ORDER BY proposal_id, line_no, choice, lower_award
    ),
    open_lines AS (
        SELECT * FROM awards.meeting_lines(p_meeting)
    ),
    members AS (
        SELECT a.person_id, a.presence, p.full_name::text AS full_name, p.unit_id, awards.nominee_name_key(p.full_name::text) AS name_key
        FROM awards.council_attendance a JOIN awards.people p ON p.id = a.person_id
        WHERE a.meeting_id = p_meeting
    ),
    -- A member recused from a line, or its nominee, is not counted for it: neither among all members nor
    -- among those present. Each member once per line, whatever bars them.
    barred AS (
        SELECT x.proposal_id, x.line_no, m.person_id, m.presence
        FROM awards.council_recusals x JOIN members m ON m.person_id = x.person_id
        WHERE x.meeting_id = p_meeting
        UNION
        SELECT l.proposal_id, l.line_no, m.person_id, m.presence
        FROM open_lines l JOIN members m
          ON l.nominee_kind = 'individual' AND m.unit_id = l.unit_id AND m.name_key = awards.nominee_name_key(l.nominee_name)
        WHERE awards.names_the_member(l.nominee_kind, l.nominee_name, l.unit_id, m.full_name, m.unit_id)
    ),
    lines AS (
        SELECT l.proposal_id, l.line_no, l.award_code, l.nominee_kind, count(b.person_id) AS barred,
               count(b.person_id) FILTER (WHERE b.presence = 'present') AS barred_present,
               count(b.person_id) FILTER (WHERE b.presence = 'absent_written') AS barred_written
        FROM open_lines l LEFT JOIN barred b USING (proposal_id, line_no)
        GROUP BY l.proposal_id, l.line_no, l.award_code, l.nominee_kind
    ),
    tally AS (
        SELECT proposal_id, line_no, sum(n)::bigint AS ballots, coalesce(sum(n) FILTER (WHERE choice = 'agree'), 0)::bigint AS agree,
               coalesce(sum(n) FILTER (WHERE choice = 'disagree'), 0)::bigint AS disagree
        FROM box GROUP BY proposal_id, line_no
    ),
    lowered AS (
        SELECT proposal_id, line_no, lower_award, n FROM box WHERE choice = 'lower'
    ),
    lower_votes AS (
        SELECT proposal_id, line_no, jsonb_object_agg(lower_award, n) AS votes FROM lowered GROUP BY proposal_id, line_no
    ),
    -- Each award the line could pass at: the proposed one and every lower award a ballot names.
    candidates AS (
        SELECT l.proposal_id, l.line_no, l.award_code AS award, l.nominee_kind FROM lines l
        UNION
        SELECT w.proposal_id, w.line_no, w.lower_award, l.nominee_kind FROM lowered w JOIN lines l USING (proposal_id, line_no)
    ),
    -- The catalogue looked up once per award (and nominee kind), not once per ballot.
    multiples AS (
        SELECT k.award, k.nominee_kind, awards.reward_multiple(k.award, k.nominee_kind, v_meeting.held_on) AS multiple
        FROM (SELECT DISTINCT award, nominee_kind FROM candidates) k
    ),
    rules AS (
        SELECT k.award, r AS rule
        FROM (SELECT DISTINCT award FROM candidates) k CROSS JOIN LATERAL awards.council_vote_rule(k.award, v_meeting.held_on) r
    ),
    -- A ballot for a lower award supports every candidate it pays at least as much as.
    lower_support AS (
        SELECT c.proposal_id, c.line_no, c.award, sum(w.n) AS n
        FROM candidates c
        JOIN multiples cm ON cm.award = c.award AND cm.nominee_kind = c.nominee_kind
        JOIN lowered w ON w.proposal_id = c.proposal_id AND w.line_no = c.line_no
        JOIN multiples wm ON wm.award = w.lower_award AND wm.nominee_kind = c.nominee_kind
        WHERE wm.multiple >= cm.multiple
        GROUP BY c.proposal_id, c.line_no, c.award
    ),
    judged AS (
        SELECT c.proposal_id, c.line_no, c.award, ru.rule, cm.multiple,
               coalesce(t.agree, 0) + coalesce(s.n, 0) AS supporters,
               CASE (ru.rule).share_of WHEN 'all_members' THEN v_voting - l.barred
                    ELSE v_present - l.barred_present
                         + CASE WHEN (ru.rule).written_opinions THEN v_written - l.barred_written ELSE 0 END END AS base
        FROM candidates c JOIN lines l USING (proposal_id, line_no)
        JOIN multiples cm ON cm.award = c.award AND cm.nominee_kind = c.nominee_kind
        JOIN rules ru ON ru.award = c.award
        LEFT JOIN tally t ON t.proposal_id = c.proposal_id AND t.line_no = c.line_no
        LEFT JOIN lower_support s ON s.proposal_id = c.proposal_id AND s.line_no = c.line_no AND s.award = c.award
    ),
    passing AS (
        SELECT DISTINCT ON (proposal_id, line_no) proposal_id, line_no, award, rule
        FROM judged
        WHERE (rule).award_code IS NULL
           OR base > 0 AND CASE WHEN (rule).at_least THEN supporters * 100 >= (rule).agree_percent * base
                   ELSE supporters * 100 > (rule).agree_percent * base END
        ORDER BY proposal_id, line_no, multiple DESC NULLS LAST, award
    )
    INSERT INTO awards.council_results (meeting_id, proposal_id, line_no, proposed_award, voting_members, present_members,
                                        ballots, agree, disagree, lower_votes, outcome, passed_award, rule_text)
    SELECT p_meeting, l.proposal_id, l.line_no, l.award_code, v_voting, v_present,
           coalesce(t.ballots, 0), coalesce(t.agree, 0), coalesce(t.disagree, 0), coalesce(v.votes, '{}'),
           CASE WHEN p.award IS NULL THEN 'failed'
                WHEN p.award <> l.award_code THEN 'passed_lower'
                WHEN (p.rule).award_code IS NULL THEN 'no_vote_needed'
                ELSE 'passed' END,
           p.award,
           -- The rule the proposed award was judged by, as the minutes state it.
           CASE WHEN (pr.rule).award_code IS NOT NULL THEN
               format('%s %s%% %s — %s%s', CASE WHEN (pr.rule).at_least THEN '≥' ELSE '>' END, trim_scale((pr.rule).agree_percent),
                      CASE (pr.rule).share_of WHEN 'all_members' THEN 'tổng số thành viên' ELSE 'số thành viên có mặt' END,
                      (pr.rule).document, coalesce(', ' || (pr.rule).article, '')) END
    FROM lines l
    LEFT JOIN passing p USING (proposal_id, line_no)
    LEFT JOIN tally t ON t.proposal_id = l.proposal_id AND t.line_no = l.line_no
    LEFT JOIN lower_votes v ON v.proposal_id = l.proposal_id AND v.line_no = l.line_no
    LEFT JOIN rules pr ON pr.award = l.award_code;
    GET DIAGNOSTICS v_lines = ROW_COUNT;

    PERFORM set_config('awards.counting_meeting', '', true);
    RETURN v_lines;
END
$$;
