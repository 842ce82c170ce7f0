-- PROPOSED for schema/ (not applied by migrations; scripts/bench --proposed-fix applies it to its
-- throwaway cluster only). awards.advance exactly as in 0004_nominations.sql but for the scope test:
-- done once (check_scope repeated it) and by walking up from the nomination's unit instead of
-- expanding the person's whole subtree with awards.my_units(). Measured with pg_stat_user_functions:
-- my_units 0.15 ms and sees_all_units 0.08 ms per call, each called twice per advance, were about half
-- of the function's server time (0.9 ms) at the smoke scale; my_units grows with the subtree.

CREATE OR REPLACE FUNCTION awards.advance(p_nomination bigint, p_event text, p_fields jsonb DEFAULT '{}', p_expected_state text DEFAULT NULL)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards AS $$
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
BEGIN
    -- The row lock serializes racing writers: the second sees the first one's result.
    SELECT * INTO v_nomination FROM awards.nominations WHERE id = p_nomination FOR UPDATE;
    -- In scope: sees every unit, or the person's unit is the nomination's unit or one of its ancestors.
    -- Walking up from one unit reads a handful of rows; awards.my_units() walks down the whole subtree
    -- (every unit, for a province officer) and, being a SQL function, is planned again on every call.
    IF NOT FOUND OR NOT (v_person.roles && ARRAY['standing_agency', 'admin'] OR EXISTS (
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT u.id, u.parent_id FROM awards.units u WHERE u.id = v_nomination.unit_id
                UNION ALL
                SELECT u.id, u.parent_id FROM awards.units u JOIN up ON u.id = up.parent_id
            )
            SELECT 1 FROM up WHERE up.id = v_person.unit_id)) THEN
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
    v_role := awards.acting_role(v_person, p_event, v_transition.roles);
    -- (awards.check_scope repeated the test above, which has already refused anything out of scope.)
    v_fields := awards.checked_fields(p_event, v_transition.fields, p_fields, v_nomination.nominee_kind, v_today);
    IF v_transition.when_field IS NOT NULL THEN
        SELECT * INTO v_transition FROM awards.workflow_transitions
        WHERE version = v_nomination.definition_version AND event = p_event AND from_state = v_nomination.state
          AND when_value = v_fields->>v_transition.when_field;
    END IF;

    FOREACH v_guard IN ARRAY v_transition.guards LOOP
        IF v_guard = 'actor_grants_award' THEN
            v_on := coalesce((v_fields->>'decision_date')::date, v_today);
            IF v_nomination.proposed_award IS NULL
               OR NOT awards.award_in_force(v_nomination.proposed_award, v_on)
               OR v_person.authority_level IS NULL
               OR NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE code = v_person.authority_level) THEN
                RAISE EXCEPTION '%', format('cannot %s: authority %s does not grant %s on %s; granted by: %s%s', p_event,
                    coalesce(v_person.authority_level, 'none'), coalesce(v_nomination.proposed_award, 'an award not yet proposed'),
                    to_char(v_on, 'DD/MM/YYYY'),
                    coalesce((SELECT string_agg(code, ', ') FROM awards.granting_levels(v_nomination.proposed_award, v_on)), 'nobody'),
                    CASE WHEN NOT EXISTS (SELECT 1 FROM awards.granting_levels(v_nomination.proposed_award, v_on) WHERE within_province)
                         THEN '; it is beyond the province: forward it' ELSE '' END)
                    USING ERRCODE = 'insufficient_privilege';
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
