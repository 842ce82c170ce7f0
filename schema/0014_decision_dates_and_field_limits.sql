-- Decisions dated where they can be true, and workflow fields of the right type and size (issue 9,
-- findings 5 and 7).
--
-- A district chair whose office ended on 30/06/2025 approved a proposal made in December 2026 by dating
-- the decision 01/06/2025, and 2099 was accepted. The guard `decision_dated_between_proposal_and_today`
-- (workflow 2026.3, on approve and record_external_decision) refuses a decision_date before the day (in
-- Vietnam) the nomination entered its current state, or after today plus the definition's
-- `decision_date_days_ahead`. Authority is still judged on the decision date.
--
-- Any field took a JSON object and 5 MB of text: awards.checked_fields now takes strings only, of at most
-- 4000 characters each (the pure core's FieldRequirement.maximumLength; a test proves both agree).

ALTER TABLE awards.workflow_definitions
    ADD COLUMN decision_date_days_ahead integer NOT NULL DEFAULT 0 CHECK (decision_date_days_ahead >= 0);

-- Outside the workflow fields: the e-mail address (RFC 5321 limits a path to 254) and the number of
-- the document that discharged an obligation (names are already awards.display_name, at most 300).
ALTER TABLE awards.people ADD CONSTRAINT people_email_length CHECK (char_length(email) <= 254);
ALTER TABLE awards.obligation_units ADD CONSTRAINT obligation_units_document_number_length
    CHECK (char_length(document_number) <= 100 AND document_number !~ '[[:cntrl:]]');

CREATE OR REPLACE FUNCTION awards.checked_fields(p_event text, p_spec jsonb, p_given jsonb, p_nominee_kind text, p_on date)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_key text;
    v_field jsonb;
    v_name text;
    v_value text;
    v_item jsonb;
    v_result jsonb := '{}';
    v_accepted text[] := ARRAY(SELECT f->>'name' FROM jsonb_array_elements(p_spec) f) || ARRAY['note'];
    v_award awards.award_types;
BEGIN
    IF p_given IS NULL OR jsonb_typeof(p_given) <> 'object' THEN
        RAISE EXCEPTION 'fields must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR v_key IN SELECT jsonb_object_keys(p_given) ORDER BY 1 LOOP
        IF NOT v_key = ANY (v_accepted) THEN
            RAISE EXCEPTION '% does not take field %; it takes: %', p_event, v_key, array_to_string(v_accepted, ', ')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    -- One pass over the values. Each is a JSON string (or null, which reads as not given): ->> would
    -- store an object or array as its text, a number as digits. Its length is measured as given, as the
    -- Swift core measures it (FieldRequirement.maximumLength).
    FOR v_key, v_item IN SELECT key, value FROM jsonb_each(p_given) ORDER BY 1 LOOP
        IF jsonb_typeof(v_item) NOT IN ('string', 'null') THEN
            RAISE EXCEPTION 'field % must be text, not a JSON %', v_key, jsonb_typeof(v_item) USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF char_length(v_item #>> '{}') > 4000 THEN
            RAISE EXCEPTION 'field % is % characters long; at most 4000 are allowed (attach a long text rather than pasting it)',
                v_key, char_length(v_item #>> '{}') USING ERRCODE = 'string_data_right_truncation';
        END IF;
    END LOOP;
    v_value := nullif(btrim(normalize(p_given->>'note', NFC)), '');
    IF v_value IS NOT NULL THEN v_result := v_result || jsonb_build_object('note', v_value); END IF;

    FOR v_field IN SELECT * FROM jsonb_array_elements(p_spec) LOOP
        v_name := v_field->>'name';
        v_value := nullif(btrim(normalize(p_given->>v_name, NFC)), '');
        IF v_value IS NULL THEN
            IF (v_field->>'required')::boolean THEN
                RAISE EXCEPTION 'missing field % for %', v_name, p_event USING ERRCODE = 'not_null_violation';
            END IF;
            CONTINUE;
        END IF;
        CASE v_field->>'type'
        WHEN 'date' THEN
            BEGIN
                IF v_value !~ '^\d{4}-\d{2}-\d{2}$' THEN RAISE EXCEPTION USING ERRCODE = 'invalid_datetime_format'; END IF;
                v_value := v_value::date::text;
            EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
                RAISE EXCEPTION 'field % must be a date such as 2021-10-15, not %', v_name, v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END;
        WHEN 'decision_number' THEN
            IF v_value !~ '^[0-9]+(/[^/[:space:]]+)+$' OR split_part(v_value, '/', -1) !~ '[^0-9.-]' THEN
                RAISE EXCEPTION 'field % must be a document number such as 123/QĐ-UBND, not %', v_name, v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        WHEN 'choice' THEN
            IF NOT v_value IN (SELECT jsonb_array_elements_text(v_field->'options')) THEN
                RAISE EXCEPTION 'field % must be one of: %; not %', v_name,
                    (SELECT string_agg(o, ', ') FROM jsonb_array_elements_text(v_field->'options') o), v_value
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        WHEN 'award_code' THEN
            SELECT * INTO v_award FROM awards.award_types WHERE code = v_value;
            IF NOT FOUND OR NOT awards.award_in_force(v_value, p_on) THEN
                RAISE EXCEPTION 'field %: unknown award % on %; awards on that date: %', v_name, v_value, to_char(p_on, 'DD/MM/YYYY'),
                    (SELECT string_agg(code, ', ' ORDER BY code) FROM awards.award_types a WHERE awards.award_in_force(a.code, p_on))
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT p_nominee_kind = ANY (v_award.nominees) THEN
                RAISE EXCEPTION 'field %: award % (%) is for % nominees, not %', v_name, v_award.code, v_award.name,
                    array_to_string(v_award.nominees, ' or '), p_nominee_kind
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        ELSE
            NULL; -- text
        END CASE;
        v_result := v_result || jsonb_build_object(v_name, v_value);
    END LOOP;
    RETURN v_result;
END
$$;

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
