-- Each council meeting's ballot box is a table of its own, emptied by its count all at once (issue 14:
-- the count of 25 members on 1,000 lines, goal 100 ms, took 91–102 ms after 0032).
--
-- Measured in psql on the benchmark's database, a count of 25,000 ballots in a warm session took about
-- 54 ms, and deleting the 25,000 ballots from the shared box about 15 ms of it: 12 ms for the deletion
-- itself (a tuple and a WAL record each) and 2–3 ms for the transition table the "only by the count"
-- check read. Scanning them took under 3 ms. A deleted ballot also stayed on disk as a dead tuple until
-- VACUUM came by: gone for every query, but not from the file.
--
-- So awards.ballots is now partitioned by meeting: opening a meeting (an insert into council_meetings,
-- which only awards.open_council_meeting does) creates its box, awards.ballots_of_meeting_<id>, and the
-- count reads the box, then TRUNCATEs it in the same transaction: PostgreSQL gives the box a new, empty
-- file and removes the old one when the count commits. No ballot survives the count, not even on disk.
--
-- What stays as it was:
--   * ballots are written only by awards.cast_ballots, through awards.ballots (the partitions have no
--     grants: only the owner, who has every right and none of the functions' checks, reaches them);
--   * a ballot is never updated nor deleted: refused row by row as before (refuse_council_rewrite, now
--     without the "deleted by the count" exception, since the count no longer deletes);
--   * TRUNCATE of awards.ballots is refused; TRUNCATE of a box only by the count of its meeting;
--   * no ballot for a counted meeting (refuse_after_count, row by row as before).
-- What changes:
--   * the foreign key from ballots to council_meetings is gone: a ballot lands in its meeting's box or,
--     for a meeting that has none, in awards.ballots_of_no_meeting, which refuses it (23503, as the key
--     did). Meetings are never deleted (0025) and a box only exists for a meeting, so the key had
--     nothing left to check; casting no longer looks the meeting up once per ballot either;
--   * the b-tree on ballots (meeting_id) is gone: a box is one meeting;
--   * the boxes of counted meetings, empty since their count, are dropped when the next meeting is
--     opened: creating a box takes the lock on awards.ballots that dropping one needs anyway, so only
--     the boxes of meetings not yet counted stay.
-- Locks: opening a meeting briefly locks awards.ballots against every cast (CREATE … PARTITION OF
-- needs that); the count's TRUNCATE locks only its own box, and the count already holds its meeting
-- FOR UPDATE, which every cast into that box takes first, so no cast is midway when it truncates.

-- The box's name, from the meeting's id alone (a bigint, so nothing to quote).
CREATE FUNCTION awards.ballot_box_of(p_meeting bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'ballots_of_meeting_' || p_meeting;
REVOKE ALL ON FUNCTION awards.ballot_box_of(bigint) FROM PUBLIC;

-- A box is emptied only by the count of its meeting (its id is the trigger's argument).
CREATE FUNCTION awards.ballot_box_emptied_by_its_count() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    IF coalesce(current_setting('awards.counting_meeting', true), '') <> TG_ARGV[0] THEN
        RAISE EXCEPTION 'the ballot box of council meeting % is emptied only by its count', TG_ARGV[0]
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.ballot_box_emptied_by_its_count() FROM PUBLIC;

-- A ballot for a meeting with no box: there is no such meeting (a counted meeting's ballot is refused
-- before, by refuse_after_count, whose trigger's name comes first).
CREATE FUNCTION awards.refuse_ballot_without_box() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'council meeting % not found', NEW.meeting_id USING ERRCODE = 'foreign_key_violation';
END
$$;
REVOKE ALL ON FUNCTION awards.refuse_ballot_without_box() FROM PUBLIC;

-- A meeting's box: reached only through awards.ballots (it has no grant of its own), row level security
-- on as on every table, emptied only by the count.
CREATE FUNCTION awards.make_ballot_box(p_meeting bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_box text := awards.ballot_box_of(p_meeting);
BEGIN
    EXECUTE format('CREATE TABLE awards.%I PARTITION OF awards.ballots FOR VALUES IN (%s)', v_box, p_meeting);
    EXECUTE format('ALTER TABLE awards.%I ENABLE ROW LEVEL SECURITY', v_box);
    EXECUTE format('CREATE TRIGGER emptied_only_by_the_count BEFORE TRUNCATE ON awards.%I FOR EACH STATEMENT '
                   'EXECUTE FUNCTION awards.ballot_box_emptied_by_its_count(%L)', v_box, p_meeting::text);
END
$$;
REVOKE ALL ON FUNCTION awards.make_ballot_box(bigint) FROM PUBLIC;

-- A new meeting's box; the boxes of counted meetings, empty since their count, dropped meanwhile.
CREATE FUNCTION awards.ballot_box_for_the_new_meeting() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_emptied text;
BEGIN
    PERFORM awards.make_ballot_box(NEW.id);
    FOR v_emptied IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        JOIN awards.council_meetings m ON c.relname = awards.ballot_box_of(m.id)
        WHERE i.inhparent = 'awards.ballots'::regclass AND m.counted_at IS NOT NULL
    LOOP
        EXECUTE format('DROP TABLE awards.%I', v_emptied);
    END LOOP;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION awards.ballot_box_for_the_new_meeting() FROM PUBLIC;

-- The shared box gives way to one per meeting; the ballots of meetings not yet counted move to theirs.
ALTER TABLE awards.ballots RENAME TO ballots_before_0034;
CREATE TABLE awards.ballots (
    meeting_id          bigint NOT NULL,
    proposal_id         bigint NOT NULL,
    line_no             integer NOT NULL,
    choice              text NOT NULL CHECK (choice IN ('agree', 'disagree', 'lower')),
    lower_award         text REFERENCES awards.award_types (code),
    CHECK ((choice = 'lower') = (lower_award IS NOT NULL))
) PARTITION BY LIST (meeting_id);
ALTER TABLE awards.ballots ENABLE ROW LEVEL SECURITY;
CREATE TABLE awards.ballots_of_no_meeting PARTITION OF awards.ballots DEFAULT;
ALTER TABLE awards.ballots_of_no_meeting ENABLE ROW LEVEL SECURITY;
CREATE TRIGGER ballots_before_the_count BEFORE INSERT ON awards.ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_after_count();
CREATE TRIGGER ballots_never_change BEFORE UPDATE OR DELETE ON awards.ballots
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_council_rewrite();
CREATE TRIGGER ballots_no_truncate BEFORE TRUNCATE ON awards.ballots
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER no_box_no_ballot BEFORE INSERT ON awards.ballots_of_no_meeting
    FOR EACH ROW EXECUTE FUNCTION awards.refuse_ballot_without_box();
CREATE TRIGGER ballots_of_no_meeting_no_truncate BEFORE TRUNCATE ON awards.ballots_of_no_meeting
    FOR EACH STATEMENT EXECUTE FUNCTION awards.refuse_truncate();
CREATE TRIGGER council_meetings_have_a_ballot_box AFTER INSERT ON awards.council_meetings
    FOR EACH ROW EXECUTE FUNCTION awards.ballot_box_for_the_new_meeting();
-- Boxes for the meetings already open.
SELECT awards.make_ballot_box(id) FROM awards.council_meetings WHERE counted_at IS NULL ORDER BY id;
INSERT INTO awards.ballots SELECT * FROM awards.ballots_before_0034;
DROP TABLE awards.ballots_before_0034;
DROP FUNCTION awards.refuse_ballots_leaving();

-- 0025's rule without the ballots' exception: the count no longer deletes a ballot, so none is deleted.
CREATE OR REPLACE FUNCTION awards.refuse_council_rewrite() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    -- Nested, not joined by AND: a record's field is only looked up on the table that has it.
    IF TG_TABLE_NAME = 'council_members' THEN
        IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL
           AND (to_jsonb(NEW) - 'valid_to' - 'ended_by_decision') = (to_jsonb(OLD) - 'valid_to' - 'ended_by_decision') THEN
            RETURN NEW;
        END IF;
    ELSIF TG_TABLE_NAME = 'council_meetings' THEN
        IF TG_OP = 'UPDATE' AND OLD.counted_at IS NULL
           AND (to_jsonb(NEW) - 'counted_at' - 'counted_by' - 'minutes_number' - 'minutes_date')
             = (to_jsonb(OLD) - 'counted_at' - 'counted_by' - 'minutes_number' - 'minutes_date') THEN
            RETURN NEW;
        END IF;
        IF OLD.counted_at IS NOT NULL THEN
            RAISE EXCEPTION 'council meeting % was counted on %: its minutes and ballots cannot be changed', OLD.id,
                to_char(OLD.counted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY') USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: rows cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- 0029's count, reading the box instead of deleting from it, then emptying it.
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

    -- One statement: the box read once, its ballots grouped once by what they say, the groups written
    -- out to counted_ballots with their number of ballots, and every line's result computed from the same
    -- groups. The box itself is emptied just after, all at once.
    WITH opened AS (
        SELECT b.proposal_id, b.line_no, b.choice, b.lower_award FROM awards.ballots b WHERE b.meeting_id = p_meeting
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

    -- The box emptied: its file is replaced by an empty one, the old one removed when this commits.
    EXECUTE format('TRUNCATE awards.%I', awards.ballot_box_of(p_meeting));
    PERFORM set_config('awards.counting_meeting', '', true);
    RETURN v_lines;
END
$$;
