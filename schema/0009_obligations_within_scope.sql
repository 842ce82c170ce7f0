-- Obligations within the caller's scope (issue 9, finding 6). add_obligation checked only the receiving
-- unit, so any officer could impose an obligation on any unit of the province, due yesterday, and the
-- daemon then reminded and escalated to their heads and the standing agency at once. Now every owing
-- unit must be within the caller's units (the standing agency and admins: the whole province), and a
-- due date in the past is for admins only. complete_obligation checks scope before anything else and
-- answers an outsider as it answers for a unit that owes nothing.

CREATE OR REPLACE FUNCTION awards.add_obligation(p_title text, p_due_on date, p_receiving_unit text, p_unit_codes text[])
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_receiving bigint;
    v_id bigint;
    v_missing text;
    v_outside text;
BEGIN
    IF NOT v_person.roles && ARRAY['officer', 'standing_agency', 'admin'] THEN
        RAISE EXCEPTION 'role % may not add obligations', array_to_string(v_person.roles, ', ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT id INTO v_receiving FROM awards.units WHERE code = p_receiving_unit;
    IF v_receiving IS NULL THEN
        RAISE EXCEPTION 'unknown unit "%"', p_receiving_unit USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM awards.check_scope(v_person, 'add an obligation for', v_receiving);
    SELECT string_agg(c, ', ') INTO v_missing FROM unnest(p_unit_codes) c WHERE NOT EXISTS (SELECT 1 FROM awards.units WHERE code = c);
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION 'unknown unit(s): %', v_missing USING ERRCODE = 'foreign_key_violation',
            HINT = 'list units with: awards unit list';
    END IF;
    IF cardinality(p_unit_codes) = 0 THEN
        RAISE EXCEPTION 'an obligation needs at least one owing unit' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Only the standing agency and admins speak for the whole province; an officer imposes obligations
    -- on the units under their own.
    SELECT string_agg(u.code, ', ' ORDER BY u.code) INTO v_outside
    FROM awards.units u WHERE u.code = ANY (p_unit_codes) AND NOT awards.in_scope(v_person, u.id);
    IF v_outside IS NOT NULL THEN
        RAISE EXCEPTION 'you may not impose an obligation on unit(s) outside yours: %', v_outside
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'obligations for the whole province are recorded by the standing agency';
    END IF;
    -- A due date already past would set off overdue reminders and escalations at once.
    IF p_due_on < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AND NOT 'admin' = ANY (v_person.roles) THEN
        RAISE EXCEPTION 'the due date % is in the past', to_char(p_due_on, 'DD/MM/YYYY')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'only an administrator may record an obligation that is already due';
    END IF;
    INSERT INTO awards.obligations (title, due_on, receiving_unit_id) VALUES (normalize(btrim(p_title), NFC), p_due_on, v_receiving)
    RETURNING id INTO v_id;
    INSERT INTO awards.obligation_units (obligation_id, unit_id) SELECT v_id, id FROM awards.units WHERE code = ANY (p_unit_codes);
    INSERT INTO awards.deadlines (obligation_id, unit_id, title, action, due_on, assignee_role)
    SELECT v_id, u.id, normalize(btrim(p_title), NFC), format('gửi về %s', (SELECT name FROM awards.units WHERE id = v_receiving)),
           p_due_on, 'officer'
    FROM awards.units u WHERE u.code = ANY (p_unit_codes);
    RETURN v_id;
END
$$;


CREATE OR REPLACE FUNCTION awards.complete_obligation(p_obligation bigint, p_unit_code text, p_document_number text)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, awards, pg_temp AS $$
DECLARE
    v_person awards.people := awards.acting_person();
    v_unit bigint;
BEGIN
    SELECT id INTO v_unit FROM awards.units WHERE code = p_unit_code;
    -- Scope first, with the same answer as for a unit that owes nothing: an outsider learns nothing
    -- of who owes what.
    IF v_unit IS NULL OR NOT awards.in_scope(v_person, v_unit)
       OR NOT EXISTS (SELECT 1 FROM awards.obligation_units WHERE obligation_id = p_obligation AND unit_id = v_unit) THEN
        RAISE EXCEPTION 'unit % owes nothing under obligation %', p_unit_code, p_obligation USING ERRCODE = 'no_data_found';
    END IF;
    IF nullif(btrim(p_document_number), '') IS NULL THEN
        RAISE EXCEPTION 'missing the document number' USING ERRCODE = 'not_null_violation';
    END IF;
    UPDATE awards.obligation_units SET done_at = now(), document_number = btrim(p_document_number), done_by = session_user
    WHERE obligation_id = p_obligation AND unit_id = v_unit AND done_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unit % already completed obligation %', p_unit_code, p_obligation USING ERRCODE = 'AW002';
    END IF;
    UPDATE awards.deadlines SET closed_at = now() WHERE obligation_id = p_obligation AND unit_id = v_unit AND closed_at IS NULL;
END
$$;
