-- The simplified procedure as law (issue 12, item 4): Luật 06/2022/QH15 Điều 85 allows it for forms of
-- commendation only. The workflow's `propose_simplified` event carries the guard
-- simplified_procedure_forms_only, which the pure core and awards.advance check alike; the rest of
-- awards.advance is as in 0018.

CREATE OR REPLACE FUNCTION awards.advance(p_nomination bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_today date := (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date;
    v_nomination awards.nominations;
    v_transition awards.workflow_transitions;
    v_role text;
    v_fields jsonb;
    v_allowed text;
    v_on date;
    v_guard text;
    v_latest date;
    v_level text;
BEGIN
    -- The row lock serializes racing writers: the second sees the first one's result.
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = p_nomination FOR UPDATE;
    IF NOT FOUND OR NOT awards.in_scope(v_person, v_nomination.unit_id) THEN
        RAISE EXCEPTION 'nomination % not found', p_nomination USING ERRCODE = 'no_data_found',
            HINT = 'list the nominations you may see with: awards list';
    END IF;
    IF p_expected_state IS NOT NULL AND v_nomination.state <> p_expected_state THEN
        RAISE EXCEPTION 'this nomination is now %', v_nomination.state USING ERRCODE = 'AW001',
            DETAIL = format('expected state %s', p_expected_state);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM awards.workflow_transitions WHERE version = v_nomination.definition_version AND event = p_event) THEN
        RAISE EXCEPTION 'unknown event %; events: %', p_event,
            (SELECT string_agg(DISTINCT event, ', ') FROM awards.workflow_transitions WHERE version = v_nomination.definition_version)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT terminal FROM awards.workflow_states WHERE version = v_nomination.definition_version AND state = v_nomination.state) THEN
        RAISE EXCEPTION 'cannot %: this nomination is now %, which is final; nothing more may happen to it', p_event, v_nomination.state
            USING ERRCODE = 'AW002';
    END IF;
    SELECT * INTO v_transition FROM awards.workflow_transitions
    WHERE version = v_nomination.definition_version AND event = p_event AND from_state = v_nomination.state
    ORDER BY when_value NULLS FIRST LIMIT 1;
    IF NOT FOUND THEN
        SELECT string_agg(DISTINCT event, ', ') INTO v_allowed FROM awards.workflow_transitions
        WHERE version = v_nomination.definition_version AND from_state = v_nomination.state;
        RAISE EXCEPTION 'cannot %: this nomination is now %; from % you may: %', p_event, v_nomination.state,
            v_nomination.state, coalesce(v_allowed, 'nothing') USING ERRCODE = 'AW002';
    END IF;
    -- (Scope was checked with the row lock above: out of scope reads as not found.)
    v_role := awards.acting_role(v_person, p_event, v_transition.roles);
    v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, v_nomination.nominee_kind, v_today);
    IF v_transition.when_field IS NOT NULL THEN
        SELECT * INTO v_transition FROM awards.workflow_transitions
        WHERE version = v_nomination.definition_version AND event = p_event AND from_state = v_nomination.state
          AND when_value = v_fields->>v_transition.when_field;
    END IF;

    FOREACH v_guard IN ARRAY v_transition.guards LOOP
        IF v_guard = 'decider_is_not_the_proposer' THEN
            -- The first entry recorded the nomination; the last brought it to its current state.
            IF EXISTS (SELECT 1 FROM awards.nomination_history h
                       WHERE h.nomination_id = p_nomination AND h.seq IN (1, v_nomination.history_length)
                         AND h.session_role = session_user) THEN
                RAISE EXCEPTION 'cannot %: you recorded or proposed this nomination; someone else must decide', p_event
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF v_guard = 'decision_dated_between_proposal_and_today' THEN
            -- A required date field of the event (the workflow loader makes sure), checked above.
            v_on := (v_fields->>'decision_date')::date;
            IF v_on < (v_nomination.state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN
                RAISE EXCEPTION 'cannot %: a decision dated % precedes the proposal of %', p_event, to_char(v_on, 'DD/MM/YYYY'),
                    to_char(v_nomination.state_entered_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY')
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            v_latest := v_today + (SELECT decision_date_days_ahead FROM awards.workflow_definitions
                                   WHERE version = v_nomination.definition_version);
            IF v_on > v_latest THEN
                RAISE EXCEPTION 'cannot %: the decision date % is in the future; the latest allowed is %', p_event,
                    to_char(v_on, 'DD/MM/YYYY'), to_char(v_latest, 'DD/MM/YYYY') USING ERRCODE = 'invalid_parameter_value';
            END IF;
        ELSIF v_guard = 'actor_grants_award' THEN
            v_on := coalesce((v_fields->>'decision_date')::date, v_today);
            -- The level of the term of office that covers the decision date.
            v_level := awards.authority_on(v_person.id, v_on);
            IF v_nomination.proposed_award IS NULL
               OR NOT awards.award_in_force(v_nomination.proposed_award, v_on)
               OR v_level IS NULL
               OR NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE code = v_level) THEN
                RAISE EXCEPTION '%', format('cannot %s: authority %s does not grant %s on %s; granted by: %s%s', p_event,
                    coalesce(v_level, 'none'), coalesce(v_nomination.proposed_award, 'an award not yet proposed'),
                    to_char(v_on, 'DD/MM/YYYY'),
                    coalesce((SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_on)), 'nobody'),
                    CASE WHEN NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE within_province)
                         THEN '; it is beyond the province: forward it' ELSE '' END)
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF v_guard = 'simplified_procedure_forms_only' THEN
            -- checked_fields made award_code a known award that fits the nominee.
            IF (SELECT category FROM awards.award_types WHERE code = v_fields->>'award_code') = 'title' THEN
                RAISE EXCEPTION 'cannot %: % (%) is a title (danh hiệu thi đua); the simplified procedure is for forms of commendation only (Luật 06/2022/QH15, Điều 85)',
                    p_event, v_fields->>'award_code', (SELECT name FROM awards.award_types WHERE code = v_fields->>'award_code')
                    USING ERRCODE = 'AW002';
            END IF;
        ELSIF v_guard = 'award_beyond_province' THEN
            IF EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_today) WHERE within_province) THEN
                RAISE EXCEPTION 'cannot %: % is granted within the province by: %', p_event, v_nomination.proposed_award,
                    (SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_today) WHERE within_province)
                    USING ERRCODE = 'AW002';
            END IF;
        ELSE
            RAISE EXCEPTION 'workflow guard % is not known to the database', v_guard USING ERRCODE = 'feature_not_supported';
        END IF;
    END LOOP;

    UPDATE awards.nominations SET
        state = v_transition.to_state,
        facts = facts || (v_fields - 'note'),
        proposed_award = coalesce(v_fields->>'award_code', proposed_award),
        decision_number = coalesce(v_fields->>'decision_number', decision_number),
        decision_date = coalesce((v_fields->>'decision_date')::date, decision_date),
        history_length = history_length + 1,
        state_entered_at = now()
    WHERE id = p_nomination;
    INSERT INTO awards.nomination_history (nomination_id, seq, event, from_state, to_state, acting_role, note, fields, definition_version)
    VALUES (p_nomination, v_nomination.history_length + 1, p_event, v_nomination.state, v_transition.to_state, v_role,
            v_fields->>'note', v_fields, v_nomination.definition_version);
    RETURN v_transition.to_state;
END
$$;
