-- Importing a sheet of 10,000 lines (issue 13's import benchmark) paid for per-row triggers: each new
-- nomination opened its stage deadline in its own function call, each history entry looked up the one
-- before it, and every line's nominee key and award were worked out twice. The same rules now run once
-- per statement over its transition table, with the same messages:
--   * a nomination's stage deadline: awards.reset_stage_deadlines is the one implementation, for any
--     set of nominations; a step (UPDATE OF state, row by row as before, because a step that stays in
--     its state resets the deadline too) hands it one id, an INSERT all the rows it created;
--   * a history entry continues the one before it (next number, from the state the last one ended in);
--   * the state of a nomination matches its last history entry at commit: still a deferred row trigger
--     (constraint triggers are row triggers), now one index probe instead of two queries.

-- plpgsql, not sql: its plans stay cached from one call to the next (a step calls it once per row).
CREATE FUNCTION awards.reset_stage_deadlines(p_nominations bigint[]) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    UPDATE awards.deadlines SET closed_at = now() WHERE nomination_id = ANY (p_nominations) AND closed_at IS NULL;
    -- Each state's due date and assignee are worked out once, however many nominations are in it.
    WITH nominations AS (
        SELECT n.id, n.state, n.definition_version, n.unit_id, n.movement_id, n.nominee_name
        FROM awards.nominations n WHERE n.id = ANY (p_nominations)
    ), states AS MATERIALIZED (
        SELECT s.version, s.state, coalesce(s.label, s.state) AS label, s.deadline_field,
               CASE WHEN s.deadline_working_days IS NOT NULL
                    THEN awards.add_working_days((now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, s.deadline_working_days) END AS working_due,
               -- Whoever may fire the state's way forward (withdrawing is not the way forward).
               (SELECT r FROM awards.workflow_transitions t CROSS JOIN LATERAL unnest(t.roles) r
                WHERE t.version = s.version AND t.from_state = s.state AND t.event <> 'withdraw'
                  AND r IN ('officer', 'manager', 'standing_agency')
                ORDER BY t.event, r LIMIT 1) AS assignee_role
        FROM awards.workflow_states s
        WHERE (s.version, s.state) IN (SELECT DISTINCT definition_version, state FROM nominations)
          AND (s.deadline_working_days IS NOT NULL OR s.deadline_field IN ('movement.review_date', 'movement.end_date'))
    )
    INSERT INTO awards.deadlines (nomination_id, state, unit_id, title, action, due_on, assignee_role)
    SELECT n.id, n.state, n.unit_id, format('%s — %s', n.nominee_name, s.label), NULL, d.due_on, coalesce(s.assignee_role, 'officer')
    FROM nominations n
    JOIN states s ON s.version = n.definition_version AND s.state = n.state
    LEFT JOIN awards.movements m ON m.id = n.movement_id
    CROSS JOIN LATERAL (SELECT CASE WHEN s.working_due IS NOT NULL THEN s.working_due
                                    WHEN s.deadline_field = 'movement.review_date' THEN m.review_on
                                    WHEN s.deadline_field = 'movement.end_date' THEN m.ends_on END AS due_on) d
    WHERE d.due_on IS NOT NULL
    ORDER BY n.id;
END
$$;

CREATE OR REPLACE FUNCTION awards.nomination_state_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    PERFORM awards.reset_stage_deadlines(ARRAY[NEW.id]);
    RETURN NULL;
END
$$;

CREATE FUNCTION awards.nominations_created() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    PERFORM awards.reset_stage_deadlines(ARRAY(SELECT id FROM created));
    RETURN NULL;
END
$$;

DROP TRIGGER nominations_stage_deadline ON awards.nominations;
CREATE TRIGGER nominations_stage_deadline AFTER UPDATE OF state ON awards.nominations
    FOR EACH ROW EXECUTE FUNCTION awards.nomination_state_changed();
CREATE TRIGGER nominations_first_deadline AFTER INSERT ON awards.nominations
    REFERENCING NEW TABLE AS created FOR EACH STATEMENT EXECUTE FUNCTION awards.nominations_created();

-- New history entries, checked once per statement when all its entries are in the table (runs as the
-- owner: it must see every row, whoever writes):
--   * each continues the previous one: the primary key (nomination, step) already refuses a second
--     entry for a step, so an entry continues when the step before it exists and ended in the state it
--     starts from;
--   * each is written under its nomination's workflow version (a nomination keeps the version it began
--     under), which also makes the version one that exists: nominations reference the workflow's states;
--   * the nomination now stands where its last entry ends (state and number of steps). Every writer
--     steps the nomination first and then appends its entry, in one statement or two, so this holds when
--     the entry's statement ends; what stays deferred to commit is the other half, a nomination that
--     changed state without an entry (nominations_state_matches_history).
CREATE FUNCTION awards.check_new_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_nomination bigint;
    v_seq integer;
    v_last_seq integer;
    v_last_state text;
    v_state text;
    v_version text;
BEGIN
    -- No ORDER BY … LIMIT 1 over a join: the planner would walk an index in that order and scan the
    -- transition table (which it cannot size) once per row. The whole set is checked, then the first
    -- broken entry is named.
    SELECT min(a.nomination_id) INTO v_nomination
    FROM added a
    LEFT JOIN awards.nomination_history p ON p.nomination_id = a.nomination_id AND p.seq = a.seq - 1
    WHERE a.seq <> 1 AND (p.seq IS NULL OR p.to_state IS DISTINCT FROM a.from_state);
    IF v_nomination IS NOT NULL THEN
        SELECT min(a.seq) INTO v_seq
        FROM added a
        LEFT JOIN awards.nomination_history p ON p.nomination_id = a.nomination_id AND p.seq = a.seq - 1
        WHERE a.nomination_id = v_nomination AND a.seq <> 1 AND (p.seq IS NULL OR p.to_state IS DISTINCT FROM a.from_state);
        SELECT seq, to_state INTO v_last_seq, v_last_state FROM awards.nomination_history
        WHERE nomination_id = v_nomination AND seq < v_seq ORDER BY seq DESC LIMIT 1;
        RAISE EXCEPTION 'history of nomination % must continue from step % (state %)',
            v_nomination, coalesce(v_last_seq, 0), coalesce(v_last_state, 'none')
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT min(a.nomination_id) INTO v_nomination
    FROM added a JOIN awards.nominations n ON n.id = a.nomination_id
    WHERE a.definition_version <> n.definition_version;
    IF v_nomination IS NOT NULL THEN
        SELECT a.definition_version, n.definition_version INTO v_version, v_state
        FROM added a JOIN awards.nominations n ON n.id = a.nomination_id
        WHERE a.nomination_id = v_nomination AND a.definition_version <> n.definition_version LIMIT 1;
        RAISE EXCEPTION 'history of nomination % is written under workflow %, not its own %', v_nomination, v_version, v_state
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT min(n.id) INTO v_nomination
    FROM (SELECT DISTINCT ON (nomination_id) nomination_id, seq, to_state FROM added ORDER BY nomination_id, seq DESC) l
    JOIN awards.nominations n ON n.id = l.nomination_id
    WHERE n.history_length <> l.seq OR n.state <> l.to_state;
    IF v_nomination IS NOT NULL THEN
        SELECT n.state, (SELECT a.to_state FROM added a WHERE a.nomination_id = n.id ORDER BY a.seq DESC LIMIT 1)
        INTO v_state, v_last_state FROM awards.nominations n WHERE n.id = v_nomination;
        RAISE EXCEPTION 'nomination % is in state % but its history ends in %', v_nomination, v_state, v_last_state
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER nomination_history_continues ON awards.nomination_history;
DROP TRIGGER history_matches_nomination ON awards.nomination_history;
CREATE TRIGGER nomination_history_continues AFTER INSERT ON awards.nomination_history
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION awards.check_new_history();
DROP FUNCTION awards.check_history_continues();
DROP FUNCTION awards.reset_stage_deadline(bigint);
-- The entry's version is its nomination's (checked above); the nomination's (version, state) references
-- the workflow's states, whose version references the definitions: the single-column references were
-- the same rule checked once more per row.
ALTER TABLE awards.nomination_history DROP CONSTRAINT nomination_history_definition_version_fkey;
ALTER TABLE awards.nominations DROP CONSTRAINT nominations_definition_version_fkey;

-- Only a change of state or of the number of steps can break the match at commit.
DROP TRIGGER nominations_state_matches_history ON awards.nominations;
CREATE CONSTRAINT TRIGGER nominations_state_matches_history AFTER INSERT OR UPDATE OF state, history_length ON awards.nominations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION awards.check_state_matches_history();

-- At commit, the nomination's state is the target of its last history entry.
CREATE OR REPLACE FUNCTION awards.check_state_matches_history() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_state text;
    v_length integer;
    v_last_seq integer;
    v_last_state text;
BEGIN
    SELECT n.state, n.history_length, h.seq, h.to_state INTO v_state, v_length, v_last_seq, v_last_state
    FROM awards.nominations n
    LEFT JOIN LATERAL (SELECT seq, to_state FROM awards.nomination_history
                       WHERE nomination_id = n.id ORDER BY seq DESC LIMIT 1) h ON true
    WHERE n.id = NEW.id;
    IF v_last_seq IS DISTINCT FROM v_length OR v_last_state IS DISTINCT FROM v_state THEN
        RAISE EXCEPTION 'nomination % is in state % but its history ends in %', NEW.id, v_state, coalesce(v_last_state, 'nothing')
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

-- The lines of a proposal moving together tell nobody one by one (the proposal's own notice tells
-- once): their entries are not even queued for the notice trigger, instead of 20,000 calls that return.
CREATE OR REPLACE FUNCTION awards.notify_nomination_step() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_transition awards.workflow_transitions;
    v_nomination awards.nominations;
    v_role text;
BEGIN
    SELECT * INTO v_transition FROM awards.workflow_transitions
    WHERE version = NEW.definition_version AND event = NEW.event AND from_state IS NOT DISTINCT FROM NEW.from_state
      AND to_state = NEW.to_state LIMIT 1;
    IF NOT FOUND OR cardinality(v_transition.notify) = 0 THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = NEW.nomination_id;
    FOREACH v_role IN ARRAY v_transition.notify LOOP
        INSERT INTO awards.notices (nomination_id, seq, event, event_label, from_state, from_label, to_state, to_label,
                                    subject_name, unit_name, actor_login, actor_name, recipient_id, recipient_email,
                                    recipient_name, role)
        SELECT NEW.nomination_id, NEW.seq, NEW.event, v_transition.label, NEW.from_state,
               (SELECT label FROM awards.workflow_states WHERE version = NEW.definition_version AND state = NEW.from_state),
               NEW.to_state, (SELECT label FROM awards.workflow_states WHERE version = NEW.definition_version AND state = NEW.to_state),
               v_nomination.nominee_name, (SELECT name FROM awards.units WHERE id = v_nomination.unit_id), NEW.session_role,
               coalesce((SELECT full_name FROM awards.people WHERE login_role = NEW.session_role), NEW.session_role),
               p.id, p.email, p.full_name, v_role
        FROM awards.people_to_notify(v_role, v_nomination.unit_id) p
        ON CONFLICT DO NOTHING;
    END LOOP;
    RETURN NULL;
END
$$;
DROP TRIGGER nomination_history_notices ON awards.nomination_history;
CREATE TRIGGER nomination_history_notices AFTER INSERT ON awards.nomination_history
    FOR EACH ROW WHEN (coalesce(current_setting('awards.moving_proposal_lines', true), '') <> 'on')
    EXECUTE FUNCTION awards.notify_nomination_step();

-- A sheet's rows: whether each award is in force is asked once per award; the created nominations come
-- back to their rows by the columns their key is made of.
CREATE OR REPLACE FUNCTION awards.proposal_line_problems(p_proposal bigint, p_lines jsonb)
    RETURNS TABLE ("row" integer, field text, problem text, detail text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_proposal awards.proposals;
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
BEGIN
    SELECT * INTO v_proposal FROM awards.proposals WHERE id = p_proposal;
    IF NOT FOUND OR NOT awards.in_scope(v_person, v_proposal.unit_id) THEN
        RAISE EXCEPTION 'proposal % not found', p_proposal USING ERRCODE = 'no_data_found',
            HINT = 'list the proposals you may see with: awards proposal list';
    END IF;
    RETURN QUERY
    -- Whether an award is in force is asked once per award, not once per row.
    WITH catalogue AS MATERIALIZED (
        SELECT a.code, a.nominees, awards.award_in_force(a.code, v_today) AS in_force FROM awards.award_types a
    ), given AS (
        SELECT l.*, u.id AS unit_id, a.code AS award_known, a.nominees, a.in_force,
               awards.nominee_key(l.kind, u.id, l.name, l.birth_date) AS nominee_key
        FROM jsonb_to_recordset(p_lines) AS l("row" integer, kind text, name text, birth_date date, gender text,
                                               occupation text, unit text, award text, "from" date, "to" date, note text)
        LEFT JOIN awards.units u ON u.code = l.unit
        LEFT JOIN catalogue a ON a.code = l.award
    ), problems AS (
        SELECT g."row", 'unit' AS field, 'unknown unit' AS problem, g.unit AS detail FROM given g WHERE g.unit_id IS NULL
        UNION ALL
        SELECT g."row", 'name', 'missing name', NULL FROM given g WHERE coalesce(btrim(g.name), '') = ''
        UNION ALL
        SELECT g."row", 'gender', 'a collective has no gender or date of birth', g.gender FROM given g
        WHERE g.kind = 'collective' AND (g.gender IS NOT NULL OR g.birth_date IS NOT NULL)
        UNION ALL
        SELECT g."row", 'period_to', 'achievement period missing or reversed', coalesce(g."from"::text, '') || '..' || coalesce(g."to"::text, '')
        FROM given g WHERE g."from" IS NULL OR g."to" IS NULL OR g."from" > g."to"
        UNION ALL
        SELECT g."row", 'unit', 'unit outside the proposal''s unit', g.unit FROM given g
        WHERE g.unit_id IS NOT NULL AND g.unit_id NOT IN (SELECT unit_id FROM awards.unit_subtree(v_proposal.unit_id))
        UNION ALL
        SELECT g."row", 'award', 'unknown award', g.award FROM given g
        WHERE g.award_known IS NULL OR NOT g.in_force
        UNION ALL
        SELECT g."row", 'award', 'award not for this kind of nominee', g.award || ' ' || g.kind FROM given g
        WHERE g.award_known IS NOT NULL AND NOT g.kind = ANY (g.nominees)
        UNION ALL
        SELECT g."row", 'name', 'nominee listed twice for the award', (SELECT min(o."row") FROM given o
            WHERE o.nominee_key = g.nominee_key AND o.award = g.award AND o."row" < g."row")::text
        FROM given g
        WHERE g.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM given o WHERE o.nominee_key = g.nominee_key AND o.award = g.award AND o."row" < g."row")
        UNION ALL
        SELECT g."row", 'name', 'nominee already in the proposal for the award', l.line_no::text FROM given g
        JOIN awards.proposal_lines l ON l.proposal_id = p_proposal AND l.left_at IS NULL
                                     AND l.nominee_key = g.nominee_key AND l.award_code = g.award
        UNION ALL
        SELECT g."row", 'period_from', 'achievement already rewarded', d.number FROM given g
        JOIN awards.decision_lines dl ON dl.nominee_key = g.nominee_key AND dl.granted_award = g.award AND NOT dl.revoked
             AND daterange(dl.achievement_from, dl.achievement_to, '[]') && daterange(g."from", g."to", '[]')
        JOIN awards.decisions d ON d.id = dl.decision_id
        UNION ALL
        SELECT g."row", 'period_from', 'achievement already proposed', p.number FROM given g
        JOIN awards.proposal_lines l ON l.proposal_id <> p_proposal AND l.left_at IS NULL
             AND l.nominee_key = g.nominee_key AND l.award_code = g.award
             AND daterange(l.achievement_from, l.achievement_to, '[]') && daterange(g."from", g."to", '[]')
        JOIN awards.proposals p ON p.id = l.proposal_id
        JOIN awards.nominations n ON n.id = l.nomination_id
        WHERE NOT EXISTS (SELECT 1 FROM awards.workflow_states s WHERE s.version = n.definition_version AND s.state = n.state AND s.terminal)
          AND NOT EXISTS (SELECT 1 FROM awards.decision_lines dl WHERE dl.nomination_id = n.id)
    )
    SELECT * FROM problems ORDER BY 1, 2, 3;
END
$$;

CREATE OR REPLACE FUNCTION awards.add_proposal_lines(p_proposal bigint, p_lines jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_proposal awards.proposals := awards.proposal_to_move(v_person, p_proposal);
    v_version text;
    v_create awards.workflow_transitions;
    v_join awards.workflow_transitions;
    v_role text;
    v_join_role text;
    v_problem record;
    v_problems integer;
    v_reference text;
    v_next integer;
    v_count integer;
BEGIN
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'lines must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (SELECT lines_open FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_proposal.state) THEN
        RAISE EXCEPTION 'proposal % is now %; lines change only while it is a draft or returned', p_proposal, v_proposal.state
            USING ERRCODE = 'AW002';
    END IF;
    IF NOT awards.in_scope(v_person, v_proposal.unit_id) THEN
        RAISE EXCEPTION '% may not make a proposal of unit %; it is outside their units', v_person.login_role,
            (SELECT code FROM awards.units WHERE id = v_proposal.unit_id) USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT version INTO v_version FROM awards.workflow_definitions ORDER BY loaded_at DESC, version DESC LIMIT 1;
    SELECT * INTO v_create FROM awards.workflow_transitions WHERE version = v_version AND from_state IS NULL ORDER BY event LIMIT 1;
    SELECT * INTO v_join FROM awards.workflow_transitions
    WHERE version = v_version AND event = 'join_proposal' AND from_state = v_create.to_state;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the nomination workflow % has no join_proposal from %', v_version, v_create.to_state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    v_role := awards.acting_role(v_person, v_create.event, v_create.roles);
    v_join_role := awards.acting_role(v_person, v_join.event, v_join.roles);
    SELECT count(*) INTO v_problems FROM awards.proposal_line_problems(p_proposal, p_lines);
    IF v_problems > 0 THEN
        SELECT * INTO v_problem FROM awards.proposal_line_problems(p_proposal, p_lines) LIMIT 1;
        RAISE EXCEPTION 'row %: % (%); % problems in all, nothing was added', v_problem."row", v_problem.problem, v_problem.detail, v_problems
            USING ERRCODE = 'AW003', HINT = 'see every problem with: awards proposal import FILE --check';
    END IF;
    v_reference := coalesce(v_proposal.number, '#' || v_proposal.id);
    SELECT coalesce(max(line_no), 0) INTO v_next FROM awards.proposal_lines WHERE proposal_id = p_proposal;

    -- Creating and joining tell nobody; the trigger that looks for whom to tell need not look 20,000 times.
    PERFORM set_config('awards.moving_proposal_lines', 'on', true);
    -- One statement, no temporary table (a function running as the owner must not write into a table
    -- the caller may have made). Rows come back to their line by nominee and award, unique in the input.
    WITH input AS (
        SELECT l."row", l.kind, normalize(btrim(regexp_replace(l.name, '\s+', ' ', 'g')), NFC) AS name, l.birth_date,
               l.gender, l.occupation, u.id AS unit_id, l.award, l."from" AS achievement_from, l."to" AS achievement_to,
               nullif(btrim(normalize(l.note, NFC)), '') AS note,
               v_next + row_number() OVER (ORDER BY l."row") AS line_no
        FROM jsonb_to_recordset(p_lines) AS l("row" integer, kind text, name text, birth_date date, gender text,
                                              occupation text, unit text, award text, "from" date, "to" date, note text)
        JOIN awards.units u ON u.code = l.unit
    ), keyed AS (
        SELECT i.*, awards.nominee_key(i.kind, i.unit_id, i.name, i.birth_date) AS nominee_key,
               jsonb_build_object('proposal', v_reference, 'award_code', i.award,
                                  'achievement_from', i.achievement_from::text, 'achievement_to', i.achievement_to::text) AS joined
        FROM input i
    ), created AS (
        INSERT INTO awards.nominations (nominee_kind, nominee_name, occupation, gender, unit_id, movement_id, birth_date,
                                        definition_version, state, facts, proposed_award, history_length)
        SELECT k.kind, k.name, k.occupation, k.gender, k.unit_id, v_proposal.movement_id, k.birth_date, v_version,
               v_join.to_state, k.joined, k.award, 2
        FROM keyed k ORDER BY k.line_no
        RETURNING id, nominee_kind, unit_id, nominee_name, birth_date, proposed_award
    ), matched AS (
        -- The columns the key is made of, as written: the same row, without working the key out again.
        SELECT k.*, c.id AS nomination_id FROM keyed k
        JOIN created c ON c.nominee_kind = k.kind AND c.unit_id = k.unit_id AND c.nominee_name = k.name
                      AND c.birth_date IS NOT DISTINCT FROM k.birth_date AND c.proposed_award = k.award
    ), history AS (
        INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
        SELECT m.nomination_id, s.seq, s.event, s.from_state, s.to_state, s.role, s.note, s.fields, v_version
        FROM matched m
        CROSS JOIN LATERAL (VALUES
            (1, v_create.event, NULL::text, v_create.to_state, v_role, NULL::text, '{}'::jsonb),
            (2, v_join.event, v_create.to_state, v_join.to_state, v_join_role, m.note,
             m.joined || CASE WHEN m.note IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('note', m.note) END)
        ) AS s(seq, event, from_state, to_state, role, note, fields)
        ORDER BY m.nomination_id, s.seq
    )
    INSERT INTO awards.proposal_lines (proposal_id, line_no, nomination_id, nominee_key, award_code, achievement_from, achievement_to, sheet_row)
    SELECT p_proposal, m.line_no, m.nomination_id, m.nominee_key, m.award, m.achievement_from, m.achievement_to, m."row"
    FROM matched m;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('awards.moving_proposal_lines', 'off', true);
    RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION awards.reset_stage_deadlines(bigint[]), awards.nominations_created(),
    awards.check_new_history() FROM PUBLIC;
