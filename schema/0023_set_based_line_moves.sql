-- Moving many nominations by one event is one set of statements, not one call per line (issue 13's
-- signing benchmark): awards.advance_nominations is the one implementation of a nomination's step —
-- scope, expected state, the event, the transition, the role, the fields, every guard, the state and
-- its history — over any number of nominations; awards.advance is that for one. Signing a decision and
-- moving a proposal hand it all their lines at once (grouped by the fields each line takes), so a
-- decision of 1,000 lines checks each rule once per distinct case instead of 1,000 times. The messages
-- are the ones awards.advance gave; where several nominations break a rule, the first (by id) is named.

CREATE FUNCTION awards.advance_nominations(p_nominations bigint[], p_event text, p_fields jsonb DEFAULT '{}',
                                           p_expected_state text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_rows awards.nominations[];
    v_missing bigint;
    v_group record;
    v_transition awards.workflow_transitions;
    v_role text;
    v_fields jsonb;
    v_allowed text;
    v_on date;
    v_guard text;
    v_latest date;
    v_level text;
    v_award text;
    v_lower integer;
    v_higher integer;
    v_moved integer := 0;
    v_count integer;
BEGIN
    -- The row locks, taken in one order, serialize racing writers: the second sees the first one's result.
    v_rows := ARRAY(SELECT n FROM awards.nominations n WHERE n.id = ANY (p_nominations) ORDER BY n.id FOR UPDATE);
    SELECT u.x INTO v_missing FROM unnest(p_nominations) WITH ORDINALITY AS u(x, o)
    LEFT JOIN unnest(v_rows) r ON r.id = u.x
    WHERE r.id IS NULL OR NOT awards.in_scope(v_person, r.unit_id)
    ORDER BY u.o LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'nomination % not found', v_missing USING ERRCODE = 'no_data_found',
            HINT = 'list the nominations you may see with: awards list';
    END IF;

    -- Nominations in the same state of the same workflow version, of the same kind of nominee, take the
    -- same transition with the same fields: each group is checked once and moved in two statements.
    FOR v_group IN
        SELECT r.definition_version, r.state, r.nominee_kind, array_agg(r.id ORDER BY r.id) AS ids,
               max(r.state_entered_at) AS latest_entered, array_agg(DISTINCT r.proposed_award ORDER BY r.proposed_award NULLS FIRST) AS proposed_awards
        FROM unnest(v_rows) r
        GROUP BY r.definition_version, r.state, r.nominee_kind
        ORDER BY min(r.id)
    LOOP
        IF p_expected_state IS NOT NULL AND v_group.state <> p_expected_state THEN
            RAISE EXCEPTION 'this nomination is now %', v_group.state USING ERRCODE = 'AW001',
                DETAIL = format('expected state %s', p_expected_state);
        END IF;
        SELECT t.* INTO v_transition FROM awards.workflow_transitions t
        JOIN awards.workflow_states s ON s.version = t.version AND s.state = t.from_state AND NOT s.terminal
        WHERE t.version = v_group.definition_version AND t.event = p_event AND t.from_state = v_group.state
        ORDER BY t.when_value NULLS FIRST LIMIT 1;
        IF NOT FOUND THEN
            IF NOT EXISTS (SELECT 1 FROM awards.workflow_transitions WHERE version = v_group.definition_version AND event = p_event) THEN
                RAISE EXCEPTION 'unknown event %; events: %', p_event,
                    (SELECT string_agg(DISTINCT event, ', ') FROM awards.workflow_transitions WHERE version = v_group.definition_version)
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF (SELECT terminal FROM awards.workflow_states WHERE version = v_group.definition_version AND state = v_group.state) THEN
                RAISE EXCEPTION 'cannot %: this nomination is now %, which is final; nothing more may happen to it', p_event, v_group.state
                    USING ERRCODE = 'AW002';
            END IF;
            SELECT string_agg(DISTINCT event, ', ') INTO v_allowed FROM awards.workflow_transitions
            WHERE version = v_group.definition_version AND from_state = v_group.state;
            RAISE EXCEPTION 'cannot %: this nomination is now %; from % you may: %', p_event, v_group.state,
                v_group.state, coalesce(v_allowed, 'nothing') USING ERRCODE = 'AW002';
        END IF;
        -- (Scope was checked with the row locks above: out of scope reads as not found.)
        v_role := awards.acting_role(v_person, p_event, v_transition.roles);
        v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, v_group.nominee_kind, v_today);
        IF v_transition.when_field IS NOT NULL THEN
            SELECT * INTO v_transition FROM awards.workflow_transitions
            WHERE version = v_group.definition_version AND event = p_event AND from_state = v_group.state
              AND when_value = v_fields->>v_transition.when_field;
        END IF;

        FOREACH v_guard IN ARRAY v_transition.guards LOOP
            IF v_guard = 'decider_is_not_the_proposer' THEN
                -- The first entry recorded the nomination; the last brought it to its current state.
                -- A step that stays in the state (a manager's downgrade, an officer's amendment) does not
                -- bring it there.
                IF EXISTS (SELECT 1 FROM awards.nomination_history h
                           WHERE h.nomination_id = ANY (v_group.ids) AND h.session_role = session_user
                             AND (h.seq = 1 OR h.seq = (SELECT max(e.seq) FROM awards.nomination_history e
                                                        WHERE e.nomination_id = h.nomination_id
                                                          AND e.from_state IS DISTINCT FROM e.to_state))) THEN
                    RAISE EXCEPTION 'cannot %: you recorded or proposed this nomination; someone else must decide', p_event
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            ELSIF v_guard = 'decision_dated_between_proposal_and_today' THEN
                -- A required date field of the event (the workflow loader makes sure), checked above.
                v_on := (v_fields->>'decision_date')::date;
                IF v_on < (v_group.latest_entered AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
                    RAISE EXCEPTION 'cannot %: a decision dated % precedes the proposal of %', p_event, to_char(v_on, 'DD/MM/YYYY'),
                        to_char(v_group.latest_entered AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY')
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                v_latest := v_today + (SELECT decision_date_days_ahead FROM awards.workflow_definitions
                                       WHERE version = v_group.definition_version);
                IF v_on > v_latest THEN
                    RAISE EXCEPTION 'cannot %: the decision date % is in the future; the latest allowed is %', p_event,
                        to_char(v_on, 'DD/MM/YYYY'), to_char(v_latest, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
                END IF;
            ELSIF v_guard = 'actor_grants_award' THEN
                v_on := coalesce((v_fields->>'decision_date')::date, v_today);
                -- The level of the term of office that covers the decision date.
                v_level := awards.authority_on(v_person.id, v_on);
                FOREACH v_award IN ARRAY v_group.proposed_awards LOOP
                    IF v_award IS NULL
                       OR NOT awards.award_in_force(v_award, v_on)
                       OR v_level IS NULL
                       OR NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_award, v_on) WHERE code = v_level) THEN
                        RAISE EXCEPTION '%', format('cannot %s: authority %s does not grant %s on %s; granted by: %s%s', p_event,
                            coalesce(v_level, 'none'), coalesce(v_award, 'an award not yet proposed'),
                            to_char(v_on, 'DD/MM/YYYY'),
                            coalesce((SELECT string_agg(code, ', ') FROM awards.granting_levels(v_award, v_on)), 'nobody'),
                            CASE WHEN NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_award, v_on) WHERE within_province)
                                 THEN '; it is beyond the province: forward it' ELSE '' END)
                            USING ERRCODE = 'insufficient_privilege';
                    END IF;
                END LOOP;
            ELSIF v_guard = 'simplified_procedure_forms_only' THEN
                -- checked_fields made award_code a known award that fits the nominee.
                IF (SELECT category FROM awards.award_types WHERE code = v_fields->>'award_code') = 'title' THEN
                    RAISE EXCEPTION 'cannot %: % (%) is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)',
                        p_event, v_fields->>'award_code', (SELECT name FROM awards.award_types WHERE code = v_fields->>'award_code')
                        USING ERRCODE = 'AW002';
                END IF;
            ELSIF v_guard = 'award_not_above_proposed' THEN
                -- checked_fields made award_code a known award that fits the nominee.
                FOREACH v_award IN ARRAY v_group.proposed_awards LOOP
                    IF v_award IS NULL THEN
                        RAISE EXCEPTION 'cannot %: the nomination has no proposed award', p_event USING ERRCODE = 'AW002';
                    END IF;
                    IF v_fields->>'award_code' = v_award THEN
                        RAISE EXCEPTION 'cannot %: % is already the proposed award', p_event, v_award USING ERRCODE = 'AW002';
                    END IF;
                    v_lower := awards.reward_multiple(v_fields->>'award_code', v_group.nominee_kind, v_today);
                    v_higher := awards.reward_multiple(v_award, v_group.nominee_kind, v_today);
                    IF v_lower IS NULL OR v_higher IS NULL THEN
                        RAISE EXCEPTION 'cannot %: no reward multiple of % or % on % to compare the two awards', p_event,
                            v_award, v_fields->>'award_code', to_char(v_today, 'DD/MM/YYYY') USING ERRCODE = 'AW002';
                    END IF;
                    IF v_lower > v_higher THEN
                        RAISE EXCEPTION 'cannot %: % (multiple %) is above the proposed % (multiple %); an award may only be lowered', p_event,
                            v_fields->>'award_code', trim_scale(v_lower / 10000.0), v_award, trim_scale(v_higher / 10000.0)
                            USING ERRCODE = 'AW002';
                    END IF;
                END LOOP;
            ELSIF v_guard = 'award_beyond_province' THEN
                FOREACH v_award IN ARRAY v_group.proposed_awards LOOP
                    IF EXISTS (SELECT 1 FROM awards.granting_levels(v_award, v_today) WHERE within_province) THEN
                        RAISE EXCEPTION 'cannot %: % is granted within the province by: %', p_event, v_award,
                            (SELECT string_agg(code, ', ') FROM awards.granting_levels(v_award, v_today) WHERE within_province)
                            USING ERRCODE = 'AW002';
                    END IF;
                END LOOP;
            ELSE
                RAISE EXCEPTION 'workflow guard % is not known to the database', v_guard USING ERRCODE = 'feature_not_supported';
            END IF;
        END LOOP;

        UPDATE awards.nominations n SET
            state = v_transition.to_state,
            facts = n.facts || (v_fields - 'note'),
            proposed_award = coalesce(v_fields->>'award_code', n.proposed_award),
            decision_number = coalesce(v_fields->>'decision_number', n.decision_number),
            decision_date = coalesce((v_fields->>'decision_date')::date, n.decision_date),
            history_length = n.history_length + 1,
            state_entered_at = CASE WHEN v_transition.to_state = n.state THEN n.state_entered_at ELSE now() END
        WHERE n.id = ANY (v_group.ids);
        INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
        SELECT r.id, r.history_length + 1, p_event, v_group.state, v_transition.to_state, v_role, v_fields->>'note', v_fields,
               v_group.definition_version
        FROM unnest(v_rows) r WHERE r.id = ANY (v_group.ids) ORDER BY r.id;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_moved := v_moved + v_count;
    END LOOP;
    RETURN v_moved;
END
$$;
-- No person's to execute: people move one nomination (awards.advance), a proposal or a decision.
REVOKE ALL ON FUNCTION awards.advance_nominations(bigint[], text, jsonb, text) FROM PUBLIC;

-- One nomination's step: the set of one.
CREATE OR REPLACE FUNCTION awards.advance(p_nomination bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
BEGIN
    PERFORM awards.advance_nominations(ARRAY[p_nomination], p_event, p_fields, p_expected_state);
    RETURN (SELECT state FROM awards.nominations WHERE id = p_nomination);
END
$$;

-- As in 0022, with the lines moved by awards.advance_nominations.
CREATE OR REPLACE FUNCTION awards.advance_proposal(p_proposal bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_proposal awards.proposals := awards.proposal_to_move(v_person, p_proposal);
    v_transition awards.proposal_transitions;
    v_target awards.proposal_states;
    v_role text;
    v_fields jsonb;
    v_allowed text;
    v_batch record;
    v_moved integer := 0;
    v_reference text;
BEGIN
    IF p_expected_state IS NOT NULL AND v_proposal.state <> p_expected_state THEN
        RAISE EXCEPTION 'this proposal is now %', v_proposal.state USING ERRCODE = 'AW001',
            DETAIL = format('expected state %s', p_expected_state);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.proposal_transitions WHERE version = v_proposal.definition_version AND event = p_event) THEN
        RAISE EXCEPTION 'unknown proposal event %; events: %', p_event,
            (SELECT string_agg(DISTINCT event, ', ') FROM awards.proposal_transitions WHERE version = v_proposal.definition_version)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO v_transition FROM awards.proposal_transitions
    WHERE version = v_proposal.definition_version AND event = p_event AND from_state = v_proposal.state;
    IF NOT FOUND THEN
        SELECT string_agg(DISTINCT event, ', ') INTO v_allowed FROM awards.proposal_transitions
        WHERE version = v_proposal.definition_version AND from_state = v_proposal.state;
        RAISE EXCEPTION 'cannot %: this proposal is now %; from % you may: %', p_event, v_proposal.state, v_proposal.state,
            coalesce(v_allowed, 'nothing') USING ERRCODE = 'AW002';
    END IF;
    IF v_transition.accepted_event IS NOT NULL THEN
        RAISE EXCEPTION 'cannot %: a proposal is decided by signing its decision', p_event USING ERRCODE = 'AW002',
            HINT = 'sign it with: awards decision sign --proposal ID --number NUMBER --date DATE';
    END IF;
    v_role := awards.acting_role(v_person, p_event, v_transition.roles);
    -- Managers act for the unit the proposal goes to; everyone else for the unit that sends it.
    IF NOT awards.in_scope(v_person, CASE WHEN v_role = 'manager' THEN v_proposal.addressee_unit_id ELSE v_proposal.unit_id END) THEN
        RAISE EXCEPTION '% may not % proposal %: it is outside their units', v_person.login_role, p_event, p_proposal
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, 'individual', v_today);
    IF v_fields ? 'proposal_number' AND EXISTS (SELECT 1 FROM awards.proposals WHERE unit_id = v_proposal.unit_id
                                                AND number = v_fields->>'proposal_number' AND id <> p_proposal) THEN
        RAISE EXCEPTION 'proposal number % is already used by proposal %', v_fields->>'proposal_number',
            (SELECT id FROM awards.proposals WHERE unit_id = v_proposal.unit_id AND number = v_fields->>'proposal_number')
            USING ERRCODE = 'unique_violation';
    END IF;
    v_reference := coalesce(v_fields->>'proposal_number', v_proposal.number, '#' || v_proposal.id);
    SELECT * INTO v_target FROM awards.proposal_states WHERE version = v_proposal.definition_version AND state = v_transition.to_state;

    IF v_transition.line_event IS NOT NULL THEN
        -- The proposal's notice (below) tells for all its lines at once.
        PERFORM set_config('awards.moving_proposal_lines', 'on', true);
        -- A line event takes, by name, the move's fields, the line's award and the proposal's reference:
        -- the lines that take the same fields move together.
        FOR v_batch IN
            SELECT b.fields, array_agg(b.id ORDER BY b.line_no) AS ids
            FROM (SELECT l.line_no, n.id, (
                      SELECT coalesce(jsonb_object_agg(f.key, f.value), '{}') FROM jsonb_each(
                          v_fields || jsonb_build_object('award_code', n.proposed_award, 'proposal', v_reference)) f
                      WHERE f.key = 'note' OR f.key IN (
                          SELECT s->>'name' FROM jsonb_array_elements(coalesce((
                              SELECT t.fields FROM awards.workflow_transitions t
                              WHERE t.version = n.definition_version AND t.event = v_transition.line_event LIMIT 1), '[]')) s)
                  ) AS fields
                  FROM awards.proposal_lines l JOIN awards.nominations n ON n.id = l.nomination_id
                  WHERE l.proposal_id = p_proposal AND l.left_at IS NULL) b
            GROUP BY b.fields
            ORDER BY min(b.line_no)
        LOOP
            v_moved := v_moved + awards.advance_nominations(v_batch.ids, v_transition.line_event, v_batch.fields);
        END LOOP;
        PERFORM set_config('awards.moving_proposal_lines', 'off', true);
        IF v_moved = 0 AND NOT v_target.terminal THEN
            RAISE EXCEPTION 'cannot %: proposal % has no lines', p_event, p_proposal USING ERRCODE = 'AW002',
                HINT = 'add lines with: awards proposal import ID FILE, or awards proposal add';
        END IF;
    END IF;
    -- A proposal that ends otherwise than by a decision lets its lines go.
    IF v_target.terminal THEN
        UPDATE awards.proposal_lines SET left_at = now() WHERE proposal_id = p_proposal AND left_at IS NULL;
    END IF;
    UPDATE awards.proposals SET
        state = v_transition.to_state,
        number = coalesce(v_fields->>'proposal_number', number),
        proposal_date = coalesce((v_fields->>'proposal_date')::date, proposal_date),
        history_length = history_length + 1,
        state_entered_at = now()
    WHERE id = p_proposal;
    INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, acting_role, note, fields, lines_moved, definition_version)
    VALUES (p_proposal, v_proposal.history_length + 1, p_event, v_proposal.state, v_transition.to_state, v_role,
            v_fields->>'note', v_fields, v_moved, v_proposal.definition_version);
    RETURN v_transition.to_state;
END
$$;

-- As in 0022, with the accepted lines of each proposal moved at once.
CREATE OR REPLACE FUNCTION awards.sign_decision(p_number text, p_date date, p_proposals bigint[], p_changes jsonb DEFAULT '[]',
                                     p_legal_bases text[] DEFAULT '{}') RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_fields jsonb;
    v_id bigint;
    v_proposal awards.proposals;
    v_transition awards.proposal_transitions;
    v_transitions jsonb := '{}';
    v_role text;
    v_level text;
    v_refused text;
    v_line awards.decided_line;
    v_decision bigint;
    v_line_no integer := 0;
    v_total bigint := 0;
    v_bases text[];
    v_catalogue text := (SELECT version FROM awards.catalogue_versions WHERE in_force);
    v_decided awards.decided_line[];
    v_grantable text[];
BEGIN
    IF p_proposals IS NULL OR cardinality(p_proposals) = 0 THEN
        RAISE EXCEPTION 'a decision decides at least one proposal' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(p_changes, '[]')) <> 'array' THEN
        RAISE EXCEPTION 'changes must be a JSON array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_fields := awards.checked_fields('sign', '[{"name": "decision_number", "type": "decision_number", "required": true},
                                                {"name": "decision_date", "type": "date", "required": true}]',
                                      jsonb_build_object('decision_number', p_number, 'decision_date', p_date::text), 'individual', v_today);
    -- Locked in one order, so two signers of overlapping sets wait for each other instead of deadlocking.
    FOR v_id IN SELECT DISTINCT x FROM unnest(p_proposals) x ORDER BY x LOOP
        v_proposal := awards.proposal_to_move(v_person, v_id);
        SELECT * INTO v_transition FROM awards.proposal_transitions
        WHERE version = v_proposal.definition_version AND from_state = v_proposal.state AND accepted_event IS NOT NULL;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'cannot sign a decision on proposal %: it is now %', v_id, v_proposal.state USING ERRCODE = 'AW002';
        END IF;
        v_role := awards.acting_role(v_person, v_transition.event, v_transition.roles);
        IF v_proposal.addressee_unit_id <> v_person.unit_id THEN
            RAISE EXCEPTION '% may not decide proposal %: it is addressed to unit %', v_person.login_role, v_id,
                (SELECT code FROM awards.units WHERE id = v_proposal.addressee_unit_id) USING ERRCODE = 'insufficient_privilege';
        END IF;
        v_transitions := v_transitions || jsonb_build_object(v_id::text, to_jsonb(v_transition));
    END LOOP;
    IF EXISTS (SELECT 1 FROM awards.decisions WHERE issuing_unit_id = v_person.unit_id AND year = extract(year FROM p_date)
               AND number = v_fields->>'decision_number') THEN
        RAISE EXCEPTION 'decision number % is already in the register of % for %', v_fields->>'decision_number',
            (SELECT code FROM awards.units WHERE id = v_person.unit_id), extract(year FROM p_date) USING ERRCODE = 'unique_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_to_recordset(coalesce(p_changes, '[]')) c(proposal bigint, line integer)
               WHERE c.proposal IS NULL OR NOT c.proposal = ANY (p_proposals) OR NOT EXISTS (
                   SELECT 1 FROM awards.proposal_lines l WHERE l.proposal_id = c.proposal AND l.line_no = c.line AND l.left_at IS NULL)) THEN
        RAISE EXCEPTION 'a change names a line that is not an open line of the proposals decided: %',
            (SELECT string_agg(coalesce(c.proposal::text, '?') || '/' || coalesce(c.line::text, '?'), ', ')
             FROM jsonb_to_recordset(coalesce(p_changes, '[]')) c(proposal bigint, line integer)
             WHERE c.proposal IS NULL OR NOT c.proposal = ANY (p_proposals) OR NOT EXISTS (
                 SELECT 1 FROM awards.proposal_lines l WHERE l.proposal_id = c.proposal AND l.line_no = c.line AND l.left_at IS NULL))
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_level := awards.authority_on(v_person.id, p_date);

    -- Every line as decided, with its money, computed once: the money once per award and kind.
    WITH d AS (
        SELECT * FROM awards.decided_lines(p_proposals, p_changes)
    ), pays AS (
        SELECT k.granted, k.nominee_kind, m.dong, m.multiple, m.base_salary, m.legal_basis
        FROM (SELECT DISTINCT granted, nominee_kind FROM d WHERE NOT left_out) k
        CROSS JOIN LATERAL awards.reward_money(k.granted, k.nominee_kind, p_date) m
    )
    SELECT ARRAY(SELECT ROW(d.*, p.dong, p.multiple, p.base_salary, p.legal_basis)::awards.decided_line
                 FROM d LEFT JOIN pays p ON NOT d.left_out AND p.granted = d.granted AND p.nominee_kind = d.nominee_kind
                 ORDER BY d.proposal_id, d.line_no)
    INTO v_decided;
    v_grantable := ARRAY(SELECT a.granted FROM (SELECT DISTINCT granted FROM unnest(v_decided) WHERE NOT left_out) a
                         WHERE v_level IS NOT NULL AND awards.award_in_force(a.granted, p_date)
                           AND EXISTS (SELECT 1 FROM awards.granting_levels(a.granted, p_date) g WHERE g.code = v_level));

    SELECT string_agg(format('%s/%s %s: %s (granted by: %s)', d.proposal_id, d.line_no, d.nominee_name, d.granted,
                             coalesce((SELECT string_agg(g.code, ', ') FROM awards.granting_levels(d.granted, p_date) g), 'nobody')),
                      '; ' ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    WHERE NOT d.left_out AND NOT d.granted = ANY (v_grantable);
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'authority % does not grant these lines on %; forward them or leave them out: %', coalesce(v_level, 'none'),
            to_char(p_date, 'DD/MM/YYYY'), v_refused USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT string_agg(format('%s/%s %s: %s', d.proposal_id, d.line_no, d.nominee_name, d.granted), '; ' ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    WHERE NOT d.left_out AND d.dong IS NULL;
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'the catalogue gives no reward money on % for: %', to_char(p_date, 'DD/MM/YYYY'), v_refused
            USING ERRCODE = 'AW002', HINT = 'add the multiple or the base salary to config/awards.yaml from the legal text';
    END IF;
    SELECT string_agg(format('%s/%s %s: %s (%s)', d.proposal_id, d.line_no, d.nominee_name, d.granted, dd.number), '; '
                      ORDER BY d.proposal_id, d.line_no)
    INTO v_refused
    FROM unnest(v_decided) d
    JOIN awards.decision_lines dl ON dl.nominee_key = d.nominee_key AND dl.granted_award = d.granted AND NOT dl.revoked
         AND daterange(dl.achievement_from, dl.achievement_to, '[]') && daterange(d.achievement_from, d.achievement_to, '[]')
    JOIN awards.decisions dd ON dd.id = dl.decision_id
    WHERE NOT d.left_out;
    IF v_refused IS NOT NULL THEN
        RAISE EXCEPTION 'these achievements are already rewarded: %', v_refused USING ERRCODE = 'AW002';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM unnest(v_decided) d WHERE NOT d.left_out) THEN
        RAISE EXCEPTION 'the decision rewards no line' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT count(*), sum(d.dong), array_agg(DISTINCT d.legal_basis) INTO v_line_no, v_total, v_bases
    FROM unnest(v_decided) d WHERE NOT d.left_out;
    SELECT array_agg(DISTINCT b ORDER BY b) INTO v_bases
    FROM unnest(coalesce(p_legal_bases, '{}') || v_bases) AS b WHERE btrim(b) <> '';
    INSERT INTO awards.decisions (issuing_unit_id, number, decision_date, year, signer_id, authority_level, legal_bases,
                                  catalogue_version, line_count, total_dong)
    VALUES (v_person.unit_id, v_fields->>'decision_number', p_date, extract(year FROM p_date), v_person.id, v_level,
            v_bases, v_catalogue, v_line_no, v_total)
    RETURNING id INTO v_decision;
    PERFORM set_config('awards.moving_proposal_lines', 'on', true);
    INSERT INTO awards.decision_proposals (decision_id, proposal_id) SELECT DISTINCT v_decision, x FROM unnest(p_proposals) x;

    -- Lines left out or lowered take their own step, with their own reason; then every accepted line of
    -- a proposal takes the accepting step at once.
    FOR v_line IN SELECT * FROM unnest(v_decided) d WHERE d.left_out OR d.granted <> d.proposed ORDER BY d.proposal_id, d.line_no LOOP
        v_transition := jsonb_populate_record(NULL::awards.proposal_transitions, v_transitions->(v_line.proposal_id::text));
        IF v_line.left_out THEN
            PERFORM awards.advance(v_line.nomination_id, v_transition.others_event, jsonb_build_object('reason',
                coalesce(v_line.reason, format('Không được khen thưởng tại Quyết định số %s', v_fields->>'decision_number'))));
        ELSE
            PERFORM awards.advance(v_line.nomination_id, 'downgrade', jsonb_build_object('award_code', v_line.granted, 'reason',
                coalesce(v_line.reason, format('Hạ mức khen tại Quyết định số %s', v_fields->>'decision_number'))));
        END IF;
    END LOOP;
    FOR v_id IN SELECT DISTINCT x FROM unnest(p_proposals) x ORDER BY x LOOP
        v_transition := jsonb_populate_record(NULL::awards.proposal_transitions, v_transitions->(v_id::text));
        PERFORM awards.advance_nominations(ARRAY(SELECT d.nomination_id FROM unnest(v_decided) d
                                                 WHERE d.proposal_id = v_id AND NOT d.left_out ORDER BY d.line_no),
                                           v_transition.accepted_event, v_fields);
    END LOOP;

    PERFORM set_config('awards.moving_proposal_lines', 'off', true);
    INSERT INTO awards.decision_lines (decision_id, line_no, nomination_id, proposal_id, proposal_line_no, issuing_unit_id, nominee_kind,
                                       nominee_name, unit_id, nominee_key, proposed_award, granted_award, achievement_from,
                                       achievement_to, reward_multiple, base_salary, money_dong, legal_basis)
    SELECT v_decision, row_number() OVER (ORDER BY d.proposal_id, d.line_no), d.nomination_id, d.proposal_id, d.line_no, v_person.unit_id,
           d.nominee_kind, d.nominee_name, d.unit_id, d.nominee_key, d.proposed, d.granted, d.achievement_from, d.achievement_to,
           d.multiple, d.base_salary, d.dong, d.legal_basis
    FROM unnest(v_decided) d WHERE NOT d.left_out;
    FOR v_id IN SELECT DISTINCT x FROM unnest(p_proposals) x ORDER BY x LOOP
        v_transition := jsonb_populate_record(NULL::awards.proposal_transitions, v_transitions->(v_id::text));
        SELECT * INTO v_proposal FROM awards.proposals WHERE id = v_id;
        UPDATE awards.proposals SET state = v_transition.to_state, history_length = history_length + 1, state_entered_at = now()
        WHERE id = v_id;
        INSERT INTO awards.proposal_history (proposal_id, seq, event, from_state, to_state, acting_role, fields, lines_moved, definition_version)
        VALUES (v_id, v_proposal.history_length + 1, v_transition.event, v_proposal.state, v_transition.to_state, v_role,
                v_fields || jsonb_build_object('decision', v_decision),
                (SELECT count(*) FROM awards.proposal_lines WHERE proposal_id = v_id AND left_at IS NULL), v_proposal.definition_version);
    END LOOP;
    RETURN v_decision;
END
$$;
